using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Gatehouse.Runtime.Invocation;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Runtime.Transport;

/// <summary>
/// One TCP connection between two silos, used both ways: it carries this silo's calls and their
/// responses, and the peer's calls and this silo's answers. One loop reads frames and one writes
/// them (so frames are never interleaved and each side's frames arrive in the order written);
/// outbound frames wait in a bounded queue, and a full queue makes senders wait. Closing the
/// connection fails every call still awaiting a response on it.
/// </summary>
internal sealed class SiloConnection
{
    /// <summary>A flush is due after this many frames or bytes, however many more are queued.</summary>
    private const int MaxFramesPerFlush = 512;
    private const int MaxBytesPerFlush = 64 * 1024;

    private readonly SiloTransport _transport;
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Channel<Frame> _outbound;
    private readonly ConcurrentDictionary<long, PendingCall> _pending = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource<bool>> _probes = new();
    private readonly CancellationTokenSource _closing = new();
    private long _nextCorrelationId;
    private long _lastReceived;
    private int _closed;
    private string _closeReason = "closed";
    // Counts the read loop's reads: "heard anything since the last check" must not depend on
    // the clock having ticked between two reads.
    private long _reads;
    // Only the transport's liveness timer reads and writes these two. A check that is not the
    // first has sent a ping, so "nothing heard since" means that ping went unanswered.
    private long _readsAtLastCheck;
    private bool _checkedBefore;

    /// <param name="stream">The socket's stream after the handshake: the socket itself, or TLS over it.</param>
    public SiloConnection(SiloTransport transport, Socket socket, Stream stream, string name)
    {
        _transport = transport;
        _socket = socket;
        _stream = stream;
        Name = name;
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        _output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        _outbound = Channel.CreateBounded<Frame>(new BoundedChannelOptions(transport.Options.OutboundQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _lastReceived = transport.TimeProvider.GetTimestamp();
    }

    public string Name { get; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public int PendingCount => _pending.Count;

    public void Start()
    {
        _ = Task.Run(ReadLoopAsync);
        _ = Task.Run(WriteLoopAsync);
    }

    /// <summary>
    /// Sends a call; its outcome reaches <paramref name="request"/> when the response (or a
    /// failure) arrives. False when the connection was already closed and the call was not
    /// queued: it certainly did not run, so the caller may send it on another connection.
    /// </summary>
    public bool SendCall(GrainCallRequest request, FrameKind kind, string interfaceName, string methodName, ReadOnlyMemory<byte> payload, uint timeoutMilliseconds, SiloConnectionPool? pool)
    {
        if (IsClosed)
        {
            return false;
        }
        var id = Interlocked.Increment(ref _nextCorrelationId);
        _pending[id] = new PendingCall(request, _transport.TimeProvider.GetTimestamp(), pool);
        if (IsClosed)
        {
            // Lost the race with Close: if Close did not fail the call, it was never queued.
            return !_pending.TryRemove(id, out _);
        }
        var frame = new Frame(kind, id, timeoutMilliseconds, request.Target.ToString(), interfaceName, methodName, payload);
        if (!_outbound.Writer.TryWrite(frame))
        {
            _ = SendCallWhenRoomAsync(id, frame);
        }
        return true;
    }

    /// <summary>Sends a frame that answers nothing back (a response, an error, a ping); dropped once the connection is closed.</summary>
    public void Send(Frame frame)
    {
        if (!_outbound.Writer.TryWrite(frame) && !IsClosed)
        {
            _ = WriteWhenRoomAsync(frame);
        }
    }

    /// <summary>
    /// Sends a ping carrying its own id and waits for the pong that echoes it: true when it came
    /// within <paramref name="timeout"/>. Membership probes peers this way; the pong travels
    /// behind whatever the peer was already sending, so a probe measures a live read and write loop.
    /// </summary>
    public async Task<bool> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextCorrelationId);
        var answered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _probes[id] = answered;
        try
        {
            if (IsClosed)
            {
                return false;
            }
            Send(Frame.Control(FrameKind.Ping, id));
            return await answered.Task.WaitAsync(timeout, _transport.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            _probes.TryRemove(id, out _);
        }
    }

    /// <summary>Fails calls that have waited longer than <paramref name="timeout"/>, as the activation sweep does locally.</summary>
    public void SweepTimeouts(TimeSpan timeout)
    {
        foreach (var (id, call) in _pending)
        {
            var elapsed = _transport.TimeProvider.GetElapsedTime(call.SentTimestamp);
            if (elapsed > timeout && _pending.TryRemove(id, out var expired))
            {
                expired.Pool?.Release();
                expired.Request.TimeOut(elapsed);
            }
        }
    }

    /// <summary>
    /// Pings the peer, or closes the connection when the peer has been silent for too long.
    /// <para>
    /// Silence is the peer's only when this side was in a position to hear it: a process that was
    /// itself descheduled (a loaded machine, a long GC pause) sees a long gap on the clock that
    /// says nothing about the peer. So the connection closes only when, besides the gap, the ping
    /// sent at the previous check went unanswered (this check is not the first to run after a
    /// stall) and no unread bytes are waiting in the socket (the read loop is not merely behind).
    /// </para>
    /// </summary>
    public void CheckLiveness()
    {
        var reads = Volatile.Read(ref _reads);
        var heardSinceLastCheck = reads != _readsAtLastCheck;
        _readsAtLastCheck = reads;
        var silent = _transport.TimeProvider.GetElapsedTime(Volatile.Read(ref _lastReceived));
        if (silent > _transport.Options.DeadConnectionTimeout && !heardSinceLastCheck && _checkedBefore && !HasUnreadBytes())
        {
            Close($"nothing received for {silent.TotalSeconds:0.0} s");
            return;
        }
        _checkedBefore = true;
        Send(Frame.Control(FrameKind.Ping));
    }

    private bool HasUnreadBytes()
    {
        try
        {
            return _socket.Available > 0;
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    public void Close(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }
        Volatile.Write(ref _closeReason, reason);
        _outbound.Writer.TryComplete();
        _closing.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer; disposing is all that is left.
        }
        catch (ObjectDisposedException)
        {
        }
        _socket.Dispose();
        _stream.Dispose();
        var failed = 0;
        foreach (var id in _pending.Keys)
        {
            if (FailPending(id, new SiloUnavailableException($"The connection {Name} was lost ({reason}); the call may or may not have run.")))
            {
                failed++;
            }
        }
        foreach (var probe in _probes.Values)
        {
            probe.TrySetResult(false);
        }
        TransportLog.ConnectionClosed(_transport.Logger, Name, reason, failed);
        _transport.OnConnectionClosed(this);
    }

    public override string ToString() => Name;

    private bool FailPending(long id, Exception reason)
    {
        if (!_pending.TryRemove(id, out var call))
        {
            return false;
        }
        call.Pool?.Release();
        call.Request.Reject(reason);
        return true;
    }

    private async Task SendCallWhenRoomAsync(long id, Frame frame)
    {
        try
        {
            await _outbound.Writer.WriteAsync(frame, _closing.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
        {
            FailPending(id, new SiloUnavailableException($"The connection {Name} closed ({Volatile.Read(ref _closeReason)}) before the call was sent; the call did not run."));
        }
    }

    private async Task WriteWhenRoomAsync(Frame frame)
    {
        try
        {
            await _outbound.Writer.WriteAsync(frame, _closing.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
        {
            // The connection closed; the peer's pending call fails on its side.
        }
    }

    private async Task WriteLoopAsync()
    {
        var reason = "closed";
        try
        {
            var reader = _outbound.Reader;
            while (await reader.WaitToReadAsync(_closing.Token))
            {
                // What is queued goes out in one flush (fewer system calls under load), up to a
                // bound: while senders wait for room, every read makes room for another frame, so
                // "until the queue is empty" could mean never, and nothing would reach the peer.
                var batched = 0;
                while (reader.TryRead(out var frame))
                {
                    FrameWriter.Write(_output, frame);
                    if (++batched >= MaxFramesPerFlush || _output.UnflushedBytes >= MaxBytesPerFlush)
                    {
                        break;
                    }
                }
                var flushed = await _output.FlushAsync(_closing.Token);
                if (flushed.IsCompleted)
                {
                    reason = "closed by peer";
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            reason = exception.Message;
        }
        finally
        {
            Close(reason);
            await CompleteQuietlyAsync(_output.CompleteAsync());
        }
    }

    private async Task ReadLoopAsync()
    {
        var reason = "closed by peer";
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(_closing.Token);
                var buffer = result.Buffer;
                Volatile.Write(ref _lastReceived, _transport.TimeProvider.GetTimestamp());
                Volatile.Write(ref _reads, _reads + 1);
                while (true)
                {
                    var status = FrameParser.TryParse(buffer, _transport.Options.MaxFrameSize, out var frame, out var consumed, out _, out var rejection);
                    if (status == FrameParseStatus.Incomplete)
                    {
                        break;
                    }
                    if (status == FrameParseStatus.Rejected)
                    {
                        TransportLog.BadFrame(_transport.Logger, Name, rejection);
                        reason = $"bad frame: {rejection}";
                        return;
                    }
                    buffer = buffer.Slice(consumed);
                    Handle(frame);
                }
                // Consumed up to the first incomplete frame; examined all, so the next read waits for new bytes.
                _input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            reason = exception.Message;
        }
        finally
        {
            Close(reason);
            await CompleteQuietlyAsync(_input.CompleteAsync());
        }
    }

    /// <summary>Completing a pipe over a socket that is already gone may throw; there is nothing left to tell anyone.</summary>
    private static async Task CompleteQuietlyAsync(ValueTask completion)
    {
        try
        {
            await completion;
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    private void Handle(in Frame frame)
    {
        switch (frame.Kind)
        {
            case FrameKind.Request:
            case FrameKind.OneWay:
            case FrameKind.ForwardedRequest:
                _transport.Dispatcher.Dispatch(this, frame);
                break;
            case FrameKind.Response:
                if (_pending.TryRemove(frame.CorrelationId, out var answered))
                {
                    answered.Pool?.Release();
                    answered.Request.ReceiveResult(frame.Payload.Span, _transport.Copier);
                    // Off the read loop: the caller's continuation must not hold up the next frame.
                    ThreadPool.UnsafeQueueUserWorkItem(static request => request.Deliver(), answered.Request, preferLocal: false);
                }
                break;
            case FrameKind.Error:
                if (_pending.TryRemove(frame.CorrelationId, out var failed))
                {
                    failed.Pool?.Release();
                    var exception = _transport.ReadException(frame.Payload.Span);
                    ThreadPool.UnsafeQueueUserWorkItem(static state => state.Request.Reject(state.Exception), (failed.Request, Exception: exception), preferLocal: false);
                }
                break;
            case FrameKind.Ping:
                Send(Frame.Control(FrameKind.Pong, frame.CorrelationId));
                break;
            case FrameKind.Pong:
                if (frame.CorrelationId != 0 && _probes.TryRemove(frame.CorrelationId, out var probe))
                {
                    probe.TrySetResult(true);
                }
                break;
        }
    }
}
