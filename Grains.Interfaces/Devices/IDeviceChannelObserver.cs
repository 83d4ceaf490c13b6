using Gatehouse.Runtime;

namespace Gatehouse.Grains.Devices;

/// <summary>
/// A device channel (the ARTIK <c>/v1.1/websocket</c> connection in a gateway) on which a device
/// is registered. The device grain calls it when the registration must end: the device was
/// deleted, or its registrant may no longer send for it (transfer, sharing withdrawn). Calls
/// are not in a turn and may arrive concurrently; implementations signal and return.
/// </summary>
public interface IDeviceChannelObserver : IGrainObserver
{
    /// <param name="reason">Safe to show the channel's client.</param>
    Task OnChannelEndedAsync(string deviceId, string reason);
}
