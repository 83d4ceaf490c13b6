using System.Text;

namespace Gatehouse.Gateway.Realtime;

/// <summary>
/// Writes frames as server-sent events (HTML Living Standard §9.2): <c>id:</c>, <c>event:</c> and
/// one <c>data:</c> line per line of the JSON, flushed one event at a time. The close is a final
/// <c>event: end</c> whose data names the reason; then the response ends.
/// </summary>
internal sealed class ServerSentEventsTransport(HttpResponse response, int queueLength) : LiveTransport(queueLength)
{
    public const string MediaType = "text/event-stream";

    public override OutboundFrame? Heartbeat(DateTimeOffset now) => new("keep-alive", Comment: true);

    /// <summary>Sends the response headers, so the client sees the stream open before any event.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = MediaType + "; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        // nginx buffers responses unless told not to; an event stream must not be buffered.
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(cancellationToken);
    }

    protected override async ValueTask WriteAsync(OutboundFrame frame, CancellationToken cancellationToken)
    {
        await response.WriteAsync(Format(frame), Encoding.UTF8, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    protected override async ValueTask WriteCloseAsync(ChannelClose close, CancellationToken cancellationToken)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new EndEvent(close.Reason), FeedFrames.JsonOptions);
        await WriteAsync(new OutboundFrame(json, "end"), cancellationToken);
    }

    internal static string Format(OutboundFrame frame)
    {
        var text = new StringBuilder(frame.Json.Length + 64);
        if (frame.Comment)
        {
            return text.Append(": ").Append(frame.Json).Append("\n\n").ToString();
        }
        if (frame.Id is { } id)
        {
            text.Append("id: ").Append(id).Append('\n');
        }
        if (frame.Event is { } name)
        {
            text.Append("event: ").Append(name).Append('\n');
        }
        // A payload kept exactly as sent may span lines; each line becomes its own data line,
        // which clients join with '\n', so the JSON arrives unchanged.
        foreach (var line in frame.Json.ReplaceLineEndings("\n").Split('\n'))
        {
            text.Append("data: ").Append(line).Append('\n');
        }
        return text.Append('\n').ToString();
    }

    private sealed record EndEvent(string Reason);
}
