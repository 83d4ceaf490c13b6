namespace Gatehouse.Gateway.Realtime;

/// <summary>
/// ARTIK's device-channel frames, as its SDKs parse them: acknowledgements
/// <c>{"data":{"code":"200","message":"OK","cid":…}}</c> (register) and
/// <c>{"data":{"mid":…,"cid":…}}</c> (message), errors <c>{"error":{"code":…,"message":…,"cid":…}}</c>,
/// and the server's <c>{"type":"ping","ts":…}</c>. A <c>cid</c> is echoed as a string when the client sent one.
/// </summary>
internal static class ArtikFrames
{
    public static OutboundFrame RegisterAck(string? cid) => new(FeedFrames.Write(writer =>
    {
        writer.WriteStartObject("data");
        writer.WriteString("code", "200");
        writer.WriteString("message", "OK");
        WriteCid(writer, cid);
        writer.WriteEndObject();
    }));

    public static OutboundFrame MessageAck(string mid, string? cid) => new(FeedFrames.Write(writer =>
    {
        writer.WriteStartObject("data");
        writer.WriteString("mid", mid);
        WriteCid(writer, cid);
        writer.WriteEndObject();
    }));

    public static OutboundFrame Error(int code, string message, string? cid = null) => new(FeedFrames.Write(writer =>
    {
        writer.WriteStartObject("error");
        writer.WriteNumber("code", code);
        writer.WriteString("message", message);
        WriteCid(writer, cid);
        writer.WriteEndObject();
    }));

    private static void WriteCid(System.Text.Json.Utf8JsonWriter writer, string? cid)
    {
        if (cid is not null)
        {
            writer.WriteString("cid", cid);
        }
    }
}
