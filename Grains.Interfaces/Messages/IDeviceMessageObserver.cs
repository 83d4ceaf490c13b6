using Gatehouse.Runtime;

namespace Gatehouse.Grains.Messages;

/// <summary>
/// A live feed of one device's messages (a WebSocket or server-sent-events connection in a
/// gateway). The device grain calls it after each message is durable, and ends it when the
/// subscriber may no longer read the device (sharing withdrawn, device deleted or transferred).
/// Calls are not in a turn and may arrive concurrently; implementations queue and return.
/// </summary>
public interface IDeviceMessageObserver : IGrainObserver
{
    Task OnMessageAsync(DeviceMessage message);

    /// <summary>The feed is over; <paramref name="reason"/> is safe to show the subscriber.</summary>
    Task OnFeedEndedAsync(string reason);
}
