using System.Buffers;
using System.Text;
using System.Text.Json;
using Gatehouse.Grains.Messages;

namespace Gatehouse.Gateway.Realtime;

/// <summary>
/// The frames of a device feed (WebSocket and server-sent events alike). A message frame carries
/// ARTIK's Firehose names (<c>mid</c>, <c>sdid</c>, <c>ts</c>, <c>cts</c>, <c>data</c>) and the
/// native <c>deviceId</c>; <c>data</c> is the payload exactly as stored.
/// </summary>
internal static class FeedFrames
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);

    public static OutboundFrame Message(DeviceMessage message) => new(Write(writer =>
    {
        writer.WriteString("type", "message");
        writer.WriteString("mid", message.Mid);
        writer.WriteString("sdid", message.DeviceId);
        writer.WriteString("deviceId", message.DeviceId);
        writer.WriteNumber("ts", message.Timestamp.ToUnixTimeMilliseconds());
        writer.WriteNumber("cts", message.ReceivedAt.ToUnixTimeMilliseconds());
        writer.WritePropertyName("data");
        writer.WriteRawValue(message.PayloadJson, skipInputValidation: true);
    }), "message", message.Mid);

    public static OutboundFrame Ping(DateTimeOffset now) => new(Write(writer =>
    {
        writer.WriteString("type", "ping");
        writer.WriteNumber("ts", now.ToUnixTimeMilliseconds());
    }), "ping");

    /// <summary>A JSON object written member by member, as a string.</summary>
    internal static string Write(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
