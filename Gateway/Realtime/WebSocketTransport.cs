using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace Gatehouse.Gateway.Realtime;

/// <summary>Writes frames as WebSocket text messages and closes with a status and reason (RFC 6455 §7.4).</summary>
/// The socket is attached once accepted; a feed subscribes before it accepts, so frames may queue first.
internal sealed class WebSocketTransport(int queueLength, Func<DateTimeOffset, OutboundFrame?> heartbeat) : LiveTransport(queueLength)
{
    private WebSocket? _socket;

    private WebSocket Socket => _socket ?? throw new InvalidOperationException("No WebSocket is attached yet.");

    public void Attach(WebSocket socket) => _socket = socket;

    public override OutboundFrame? Heartbeat(DateTimeOffset now) => heartbeat(now);

    protected override async ValueTask WriteAsync(OutboundFrame frame, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(frame.Json.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(frame.Json, buffer);
            await Socket.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override async ValueTask WriteCloseAsync(ChannelClose close, CancellationToken cancellationToken)
    {
        if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await Socket.CloseOutputAsync(close.Status, close.WireReason, cancellationToken);
        }
    }
}
