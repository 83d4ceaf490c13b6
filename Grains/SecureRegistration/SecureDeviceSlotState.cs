namespace Gatehouse.Grains.SecureRegistration;

public sealed class SecureDeviceSlotState
{
    /// <summary>The newest request for this device; older ones were revoked.</summary>
    public string? CurrentRid { get; set; }

    /// <summary>The device registered for this vdid, once a request completed.</summary>
    public string? DeviceId { get; set; }
}
