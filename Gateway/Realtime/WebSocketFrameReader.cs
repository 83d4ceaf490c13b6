using System.Net.WebSockets;
using System.Text;

namespace Gatehouse.Gateway.Realtime;

/// <summary>
/// Reads whole client messages from a WebSocket into one reused buffer of at most the frame
/// limit; a longer message is read to its end and discarded, so a client cannot make the server
/// hold more than the limit per connection.
/// </summary>
internal sealed class WebSocketFrameReader(WebSocket socket, int maxFrameBytes)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] _buffer = new byte[maxFrameBytes];
    private readonly byte[] _discard = new byte[4096];

    public async Task<InboundFrame> ReadAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        var tooLarge = false;
        while (true)
        {
            var discarding = tooLarge || length == _buffer.Length;
            var target = discarding ? _discard.AsMemory() : _buffer.AsMemory(length);
            ValueWebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(target, cancellationToken);
            }
            catch (WebSocketException)
            {
                return new InboundFrame(InboundFrameKind.Closed);
            }
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return new InboundFrame(InboundFrameKind.Closed);
            }
            if (discarding)
            {
                tooLarge |= result.Count > 0;
            }
            else
            {
                length += result.Count;
            }
            if (!result.EndOfMessage)
            {
                continue;
            }
            if (tooLarge)
            {
                return new InboundFrame(InboundFrameKind.TooLarge);
            }
            if (result.MessageType == WebSocketMessageType.Binary)
            {
                return new InboundFrame(InboundFrameKind.Binary);
            }
            try
            {
                return new InboundFrame(InboundFrameKind.Text, StrictUtf8.GetString(_buffer, 0, length));
            }
            catch (DecoderFallbackException)
            {
                return new InboundFrame(InboundFrameKind.BadEncoding);
            }
        }
    }
}
