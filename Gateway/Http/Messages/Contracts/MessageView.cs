using System.Text.Json;
using Gatehouse.Grains.Messages;

namespace Gatehouse.Gateway.Http.Messages.Contracts;

/// <summary>
/// A stored message as readers see it. <see cref="Ts"/> is its place in the series (the device's
/// time when it sent one, else <see cref="ReceivedAt"/>), also as Unix milliseconds.
/// </summary>
public sealed record MessageView(
    string Mid,
    string DeviceId,
    DateTimeOffset Ts,
    long TsMs,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? DeviceTimestamp,
    MessageSenderView Sender,
    JsonElement Data)
{
    public static MessageView From(DeviceMessage message)
    {
        using var data = JsonDocument.Parse(message.PayloadJson);
        return new(message.Mid, message.DeviceId, message.Timestamp, message.Timestamp.ToUnixTimeMilliseconds(), message.ReceivedAt,
            message.DeviceTimestamp, new MessageSenderView(message.Sender.Kind, message.Sender.Id, message.Sender.Credential, message.Sender.CredentialId),
            data.RootElement.Clone());
    }
}
