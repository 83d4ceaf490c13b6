using Gatehouse.Runtime;

namespace Gatehouse.Grains.Devices;

/// <summary>
/// The unique-handle index: one grain per <c>{ownerUserId}/{handle}</c>, so WoTKit's
/// <c>{owner}.{name}</c> finds one device and two devices of one owner cannot share a handle.
/// </summary>
public interface IDeviceHandleGrain : IGrainWithStringKey
{
    /// <summary>Silo-internal: claims the handle for a device; false if another device holds it.</summary>
    Task<bool> TryClaimAsync(string deviceId);

    Task ReleaseAsync(string deviceId);

    [AlwaysInterleave]
    Task<string?> GetDeviceIdAsync();
}
