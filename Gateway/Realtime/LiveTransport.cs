using System.Threading.Channels;

namespace Gatehouse.Gateway.Realtime;

/// <summary>
/// The writing half of a live connection, apart from any protocol: a bounded queue of frames and
/// one writer loop that drains it, so whoever produces frames (the reader loop's replies, a
/// grain's observer call) only enqueues and never waits for the client. A full queue closes the
/// connection rather than block the producer or drop frames unseen. Subclasses write one frame
/// and the close for their wire (WebSocket, server-sent events).
/// </summary>
internal abstract class LiveTransport(int queueLength)
{
    private readonly Channel<OutboundFrame> _queue = Channel.CreateBounded<OutboundFrame>(new BoundedChannelOptions(queueLength)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly TaskCompletionSource<ChannelClose> _closing = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the first close requested.</summary>
    public Task<ChannelClose> Closing => _closing.Task;

    public bool IsClosing => _closing.Task.IsCompleted;

    /// <summary>Queues a frame; when the queue is full, closes the connection as too slow. False when the frame will not be sent.</summary>
    public bool Send(OutboundFrame frame)
    {
        if (IsClosing)
        {
            return false;
        }
        if (_queue.Writer.TryWrite(frame))
        {
            return true;
        }
        Close(ChannelClose.Overflow(queueLength));
        return false;
    }

    /// <summary>Asks the writer loop to finish; the first reason wins. Safe from any thread.</summary>
    public void Close(ChannelClose close)
    {
        if (_closing.TrySetResult(close))
        {
            _queue.Writer.TryComplete();
        }
    }

    /// <summary>The keep-alive frame of this wire.</summary>
    public abstract OutboundFrame? Heartbeat(DateTimeOffset now);

    /// <summary>Writes queued frames until closed, then the close. Ends quietly when the client is gone or <paramref name="aborted"/> fires.</summary>
    public async Task RunWriterAsync(CancellationToken aborted)
    {
        try
        {
            await foreach (var frame in _queue.Reader.ReadAllAsync(aborted))
            {
                if (_closing.Task.IsCompleted && !_closing.Task.Result.Drain)
                {
                    break;
                }
                await WriteAsync(frame, aborted);
            }
            await WriteCloseAsync(await _closing.Task, aborted);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or System.Net.WebSockets.WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The client went away or the connection was aborted: nothing more can be written.
        }
    }

    protected abstract ValueTask WriteAsync(OutboundFrame frame, CancellationToken cancellationToken);

    protected abstract ValueTask WriteCloseAsync(ChannelClose close, CancellationToken cancellationToken);
}
