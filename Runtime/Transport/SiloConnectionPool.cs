using System.Net.Sockets;
using Gatehouse.Runtime.Placement;

namespace Gatehouse.Runtime.Transport;

/// <summary>
/// The connections from this silo to one remote silo: up to
/// <see cref="TransportOptions.ConnectionsPerSilo"/>, opened on first use and reopened after a
/// loss. When connecting fails, the silo is not tried again until a delay has passed that doubles
/// with each failure (calls in between fail at once); one success resets it. The pool also counts
/// the calls awaiting responses from the silo, against <see cref="TransportOptions.MaxPendingCallsPerSilo"/>.
/// </summary>
internal sealed class SiloConnectionPool(SiloTransport transport, SiloAddress remote)
{
    private readonly SiloConnection?[] _connections = new SiloConnection?[Math.Max(1, transport.Options.ConnectionsPerSilo)];
    private readonly Task<SiloConnection>?[] _connecting = new Task<SiloConnection>?[Math.Max(1, transport.Options.ConnectionsPerSilo)];
    private readonly Lock _lock = new();
    private int _next;
    private int _pending;
    private int _failures;
    private long _retryAfter;
    private string? _lastError;
    private long _idleSince;

    public SiloAddress Remote => remote;

    public int PendingCount => Volatile.Read(ref _pending);

    public IEnumerable<SiloConnection> Connections => _connections.OfType<SiloConnection>();

    public bool TryReserve()
    {
        if (Interlocked.Increment(ref _pending) <= transport.Options.MaxPendingCallsPerSilo)
        {
            return true;
        }
        Interlocked.Decrement(ref _pending);
        return false;
    }

    public void Release() => Interlocked.Decrement(ref _pending);

    /// <summary>An open connection without waiting, when the next slot has one.</summary>
    public SiloConnection? TryGetOpen(out int slot)
    {
        slot = (int)((uint)Interlocked.Increment(ref _next) % (uint)_connections.Length);
        return Volatile.Read(ref _connections[slot]) is { IsClosed: false } open ? open : null;
    }

    public Task<SiloConnection> ConnectAsync(int slot)
    {
        lock (_lock)
        {
            if (_connections[slot] is { IsClosed: false } open)
            {
                return Task.FromResult(open);
            }
            if (_connecting[slot] is { IsCompleted: false } inProgress)
            {
                return inProgress;
            }
            if (_failures > 0 && transport.TimeProvider.GetTimestamp() < _retryAfter)
            {
                return Task.FromException<SiloConnection>(new SiloUnavailableException(
                    $"Silo {remote} could not be reached ({_lastError}); it is tried again after a back-off of {Backoff(_failures).TotalMilliseconds:0} ms."));
            }
            return _connecting[slot] = OpenAsync(slot);
        }
    }

    public void Remove(SiloConnection connection)
    {
        lock (_lock)
        {
            for (var i = 0; i < _connections.Length; i++)
            {
                if (ReferenceEquals(_connections[i], connection))
                {
                    _connections[i] = null;
                }
            }
        }
    }

    /// <summary>
    /// Whether the pool has been unused (no connection, none being opened, no call awaiting an
    /// answer) for at least <paramref name="idleFor"/>. The first look at an unused pool starts
    /// its clock; any use resets it.
    /// </summary>
    public bool IsIdleFor(TimeSpan idleFor)
    {
        lock (_lock)
        {
            var unused = PendingCount == 0
                && Array.TrueForAll(_connections, c => c is null || c.IsClosed)
                && Array.TrueForAll(_connecting, c => c is null || c.IsCompleted);
            if (!unused)
            {
                _idleSince = 0;
                return false;
            }
            var now = transport.TimeProvider.GetTimestamp();
            if (_idleSince == 0)
            {
                _idleSince = now;
                return false;
            }
            return transport.TimeProvider.GetElapsedTime(_idleSince, now) >= idleFor;
        }
    }

    public void CloseAll(string reason)
    {
        foreach (var connection in Connections.ToList())
        {
            connection.Close(reason);
        }
    }

    private async Task<SiloConnection> OpenAsync(int slot)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            using var timeout = new CancellationTokenSource(transport.Options.ConnectTimeout, transport.TimeProvider);
            await socket.ConnectAsync(remote.Host, remote.Port, timeout.Token);
            stream = new NetworkStream(socket, ownsSocket: false);
            if (transport.Tls is { } tls)
            {
                stream = await tls.DialAsync(stream, timeout.Token);
            }
            await TransportHandshake.DialAsync(stream, transport.HandshakeKey, transport.ServiceId, remote, transport.LocalAddress, timeout.Token);
            var connection = new SiloConnection(transport, socket, stream, $"{transport.LocalAddress}->{remote}#{slot}");
            lock (_lock)
            {
                _failures = 0;
                _connections[slot] = connection;
                _connecting[slot] = null;
            }
            transport.Track(connection, this);
            connection.Start();
            TransportLog.Connected(transport.Logger, remote.ToString(), connection.Name);
            return connection;
        }
        catch (Exception exception)
        {
            // Whatever the failure, the slot must be freed and the back-off applied, or the
            // silo would stay unreachable through a stuck attempt.
            stream?.Dispose();
            socket.Dispose();
            TimeSpan delay;
            lock (_lock)
            {
                _failures++;
                delay = Backoff(_failures);
                _retryAfter = transport.TimeProvider.GetTimestamp() + (long)(delay.TotalSeconds * transport.TimeProvider.TimestampFrequency);
                _lastError = exception is OperationCanceledException ? $"no connection within {transport.Options.ConnectTimeout}" : exception.Message;
                _connecting[slot] = null;
            }
            TransportLog.ConnectFailed(transport.Logger, exception, remote.ToString(), delay);
            throw new SiloUnavailableException($"Silo {remote} could not be reached: {_lastError}. The call did not run.", exception);
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var options = transport.Options;
        var delay = options.InitialReconnectDelay * Math.Pow(2, Math.Min(failures - 1, 20));
        return delay > options.MaxReconnectDelay ? options.MaxReconnectDelay : delay;
    }
}
