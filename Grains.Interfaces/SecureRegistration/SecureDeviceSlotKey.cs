namespace Gatehouse.Grains.SecureRegistration;

/// <summary>The key of an <see cref="ISecureDeviceSlotGrain"/>: <c>{dtid}/{vdid}</c>.</summary>
public static class SecureDeviceSlotKey
{
    /// <summary>Longest vendor device id taken; ARTIK's are short vendor serials.</summary>
    public const int MaxVendorDeviceIdLength = 128;

    public static string For(string deviceTypeId, string vendorDeviceId) => deviceTypeId + "/" + vendorDeviceId;

    public static (string DeviceTypeId, string VendorDeviceId) Parse(string key)
    {
        var slash = key.IndexOf('/');
        return (key[..slash], key[(slash + 1)..]);
    }
}
