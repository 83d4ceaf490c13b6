using System.Net.WebSockets;

namespace Gatehouse.Gateway.Realtime;

/// <summary>
/// Why a live channel closes: the WebSocket close status and a reason safe to show (an SSE feed
/// sends the reason in its final event). <see cref="Drain"/>: send what is queued first; false
/// when the queue itself is the problem (a slow client). <see cref="Code"/> is the HTTP-like code
/// of the ARTIK error frame sent before the close.
/// </summary>
internal sealed record ChannelClose(WebSocketCloseStatus Status, string Reason, bool Drain = true, int Code = 400)
{
    public static ChannelClose Revoked(string reason) => new(WebSocketCloseStatus.PolicyViolation, reason, Code: 401);

    public static ChannelClose Overflow(int queueLength) =>
        new(WebSocketCloseStatus.PolicyViolation, $"Too slow: more than {queueLength} frames waited to be sent.", Drain: false);

    public static ChannelClose ClientClosed { get; } = new(WebSocketCloseStatus.NormalClosure, "Closed by the client.", Drain: false);

    public static ChannelClose ServerStopping { get; } = new(WebSocketCloseStatus.EndpointUnavailable, "The server is shutting down.", Code: 503);

    /// <summary>RFC 6455 §5.5: a control frame's payload is at most 125 bytes, two of them the status.</summary>
    public string WireReason => System.Text.Encoding.UTF8.GetByteCount(Reason) <= 123 ? Reason : Reason[..Math.Min(Reason.Length, 60)] + "…";
}
