using Gatehouse.Runtime;

namespace Gatehouse.Grains.Messages;

/// <summary>
/// A stored message. Messages are append-only: once acknowledged, a message is never changed;
/// it leaves the store only by retention or with its device.
/// </summary>
/// <param name="Mid">The message id, 32 lowercase hex digits, unique.</param>
/// <param name="ReceivedAt">Server time at which the message was accepted.</param>
/// <param name="DeviceTimestamp">The device's own time for the data, if it sent one.</param>
/// <param name="PayloadJson">The data exactly as accepted (JSON text).</param>
[Immutable]
public sealed record DeviceMessage(
    string Mid,
    string DeviceId,
    MessageSender Sender,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? DeviceTimestamp,
    string PayloadJson)
{
    /// <summary>The message's place in its device's data series: the device's time if given, else the server's.</summary>
    public DateTimeOffset Timestamp => DeviceTimestamp ?? ReceivedAt;
}
