using System.Collections.Concurrent;
using System.Net.Sockets;
using Gatehouse.Runtime.Invocation;
using Gatehouse.Runtime.Observers;
using Gatehouse.Runtime.Placement;
using Gatehouse.Runtime.Serialization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Runtime.Transport;

/// <summary>
/// Carries grain calls between silos: accepts connections from other silos, keeps a
/// <see cref="SiloConnectionPool"/> per remote silo, and sends a call there when placement puts
/// its grain elsewhere (or when it is addressed to an observer that lives elsewhere). Arguments,
/// results and exceptions take the serializing call path, so a remote call behaves as an
/// in-process call with <c>SerializeAllCalls</c>. Deadlines: the caller's side fails a call with
/// <see cref="GrainCallTimeoutException"/> after <c>CallTimeout</c> (swept every
/// <c>TimeoutSweepInterval</c>), and the receiving side is told the same budget.
/// </summary>
internal sealed class SiloTransport : IHostedService, IDisposable
{
    private readonly SiloRuntime _runtime;
    private readonly TransportListener _listener;
    private readonly ConcurrentDictionary<SiloAddress, SiloConnectionPool> _pools = new();
    private readonly ConcurrentDictionary<SiloConnection, SiloConnectionPool?> _connections = new();
    private readonly WireMethodTable _methods = new();
    private readonly CancellationTokenSource _stopping = new();
    private string _observerSuffix = "";
    private ITimer? _sweepTimer;
    private ITimer? _pingTimer;
    private volatile bool _stopped;

    public SiloTransport(SiloRuntime runtime, TransportListener listener, IOptions<TransportOptions> options, ILoggerFactory loggerFactory)
    {
        _runtime = runtime;
        _listener = listener;
        Options = options.Value;
        Logger = loggerFactory.CreateLogger("Gatehouse.Runtime.Transport");
        Dispatcher = new InboundDispatcher(runtime, _methods);
        var key = ClusterSecret.ResolveKey(Options);
        IsAuthenticated = key is not null;
        HandshakeKey = key ?? TransportHandshake.UnauthenticatedKey;
        Tls = TransportTls.Create(Options.Tls);
    }

    /// <summary>Mutual TLS around every connection; null when off.</summary>
    public TransportTls? Tls { get; }

    /// <summary>The HMAC key both sides of every connection prove they hold.</summary>
    public byte[] HandshakeKey { get; }

    /// <summary>Whether a cluster secret is configured (otherwise the handshake checks service and generation only).</summary>
    public bool IsAuthenticated { get; }

    public string ServiceId => _runtime.Options.ServiceId;

    public TransportOptions Options { get; }

    public ILogger Logger { get; }

    public TimeProvider TimeProvider => _runtime.TimeProvider;

    public CallCopier Copier => _runtime.Copier;

    public InboundDispatcher Dispatcher { get; }

    public SiloAddress LocalAddress => _listener.LocalAddress;

    /// <summary>Open connections, inbound and outbound (tests and metrics).</summary>
    public ICollection<SiloConnection> Connections => _connections.Keys;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var socket = _listener.Socket;
        _observerSuffix = "@" + LocalAddress;
        _runtime.Observers.HomeSuffix = _observerSuffix;
        _runtime.Transport = this;
        var clock = _runtime.TimeProvider;
        _sweepTimer = clock.CreateTimer(_ => SweepTimeouts(), null, _runtime.Options.TimeoutSweepInterval, _runtime.Options.TimeoutSweepInterval);
        _pingTimer = clock.CreateTimer(_ => CheckLiveness(), null, Options.PingInterval, Options.PingInterval);
        _ = Task.Run(() => AcceptLoopAsync(socket));
        TransportLog.Listening(Logger, LocalAddress.ToString());
        if (!IsAuthenticated && !System.Net.IPAddress.IsLoopback(System.Net.IPAddress.Parse(Options.ListenAddress)))
        {
            TransportLog.ListeningWithoutSecret(Logger, LocalAddress.ToString());
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Shutdown("the silo is stopping");
        return Task.CompletedTask;
    }

    public void Dispose() => Shutdown("the silo is gone");

    /// <summary>Whether a call to <paramref name="grainId"/> must leave this silo, and for which.</summary>
    public bool TryGetRemoteOwner(GrainId grainId, out SiloAddress owner)
    {
        if (grainId.Type == ObserverRegistry.ObserverGrainType)
        {
            var at = grainId.Key.IndexOf('@');
            if (at < 0 || grainId.Key.AsSpan(at).SequenceEqual(_observerSuffix))
            {
                owner = null!;
                return false;
            }
            return SiloAddress.TryParse(grainId.Key[(at + 1)..], out owner!);
        }
        owner = _runtime.Placement.GetOwner(grainId);
        return owner != _runtime.Placement.LocalSilo;
    }

    /// <summary>Sends <paramref name="request"/> to <paramref name="owner"/>; its outcome arrives on the request.</summary>
    public void Send(SiloAddress owner, GrainCallRequest request, object?[] arguments)
    {
        request.IsRemote = true;
        if (_stopped)
        {
            request.Reject(new SiloUnavailableException($"This silo's transport is stopped; {request} was not sent."));
            return;
        }
        byte[] payload;
        try
        {
            payload = Copier.SerializeArguments(request.Method, arguments);
        }
        catch (Exception exception)
        {
            request.Reject(exception);
            return;
        }
        // 0 on the wire means "no deadline of the caller's own" (an infinite CallTimeout).
        var timeout = (uint)Math.Clamp(_runtime.Options.CallTimeout.TotalMilliseconds, 0, uint.MaxValue);
        SendFrame(owner, request, FrameKind.Request, payload, timeout);
    }

    /// <summary>
    /// Passes a call that arrived here, for a grain this silo does not own by its view, to the
    /// owner as a <see cref="FrameKind.ForwardedRequest"/> with its arguments as they came; the
    /// owner's answer goes back to the original caller through <paramref name="call"/>. The caller's
    /// remaining budget goes with it.
    /// </summary>
    public void Forward(SiloAddress owner, InboundCall call)
    {
        if (_stopped)
        {
            call.Reject(new SiloUnavailableException($"This silo's transport is stopped; {call} was not passed on to its owner {owner}."));
            return;
        }
        var elapsed = TimeProvider.GetElapsedTime(call.CreatedTimestamp);
        var remaining = _runtime.Options.CallTimeout - elapsed;
        if (remaining <= TimeSpan.Zero)
        {
            call.TimeOut(elapsed);
            return;
        }
        SendFrame(owner, call, FrameKind.ForwardedRequest, call.Payload, (uint)Math.Clamp(remaining.TotalMilliseconds, 1, uint.MaxValue));
    }

    /// <summary>Sends a call as a silo that received it, and did not own its grain, would pass it on (tests).</summary>
    internal void SendForwarded(SiloAddress owner, GrainCallRequest request, object?[] arguments) =>
        SendFrame(owner, request, FrameKind.ForwardedRequest, Copier.SerializeArguments(request.Method, arguments), (uint)_runtime.Options.CallTimeout.TotalMilliseconds);

    private void SendFrame(SiloAddress owner, GrainCallRequest request, FrameKind kind, ReadOnlyMemory<byte> payload, uint timeout)
    {
        var (interfaceName, methodName) = _methods.NameOf(request.Method);
        var frame = new Frame(kind, 1, 0, request.Target.ToString(), interfaceName, methodName, payload);
        int size;
        try
        {
            size = FrameWriter.GetSize(frame);
        }
        catch (ArgumentException exception)
        {
            // A grain key too long for the header: refused here, so the write loop never meets it.
            request.Reject(exception);
            return;
        }
        if (size > Options.MaxFrameSize)
        {
            request.Reject(new NotSupportedException($"The arguments of {request} take {payload.Length} bytes; a frame holds at most {Options.MaxFrameSize}."));
            return;
        }
        var pool = _pools.GetOrAdd(owner, static (address, transport) => new SiloConnectionPool(transport, address), this);
        if (!pool.TryReserve())
        {
            request.Reject(new TransportOverloadedException(
                $"{Options.MaxPendingCallsPerSilo} calls to silo {owner} are already awaiting responses; {request} was not sent."));
            return;
        }
        if (pool.TryGetOpen(out var slot) is { } open && open.SendCall(request, kind, interfaceName, methodName, payload, timeout, pool))
        {
            return;
        }
        _ = SendAfterConnectAsync(pool, slot, request, kind, interfaceName, methodName, payload, timeout);
    }

    /// <summary>
    /// Whether <paramref name="remote"/> answers a ping within <paramref name="timeout"/>
    /// (connecting included), over one of its pooled connections. Never throws for a peer that is gone.
    /// </summary>
    public async Task<bool> ProbeAsync(SiloAddress remote, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_stopped)
        {
            return false;
        }
        var pool = _pools.GetOrAdd(remote, static (address, transport) => new SiloConnectionPool(transport, address), this);
        try
        {
            var connection = pool.TryGetOpen(out var slot)
                ?? await pool.ConnectAsync(slot).WaitAsync(timeout, TimeProvider, cancellationToken).ConfigureAwait(false);
            return await connection.ProbeAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SiloUnavailableException or TimeoutException or SocketException or IOException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Closes the listener and every connection at once, as a crash would: the silo was killed or declared dead.</summary>
    internal void Abort(string reason) => Shutdown(reason);

    /// <summary>Turns an error frame's payload into the exception the caller sees.</summary>
    public Exception ReadException(ReadOnlySpan<byte> json)
    {
        try
        {
            return Copier.DeserializeException(json);
        }
        catch (Exception exception)
        {
            return new GrainException("unknown", $"The remote silo reported an error that could not be read: {exception.Message}");
        }
    }

    public void Track(SiloConnection connection, SiloConnectionPool? pool)
    {
        _connections[connection] = pool;
        if (_stopped)
        {
            connection.Close("the silo is stopping");
        }
    }

    public void OnConnectionClosed(SiloConnection connection)
    {
        if (_connections.TryRemove(connection, out var pool))
        {
            pool?.Remove(connection);
        }
    }

    /// <summary>Closes every connection at once, as a network failure would (tests).</summary>
    internal void DropConnections()
    {
        foreach (var connection in _connections.Keys.ToList())
        {
            connection.Close("dropped");
        }
    }

    internal void SweepTimeouts()
    {
        var timeout = _runtime.Options.CallTimeout;
        foreach (var connection in _connections.Keys)
        {
            connection.SweepTimeouts(timeout);
        }
    }

    private void CheckLiveness()
    {
        foreach (var connection in _connections.Keys)
        {
            connection.CheckLiveness();
        }
        ForgetIdlePools();
    }

    /// <summary>
    /// Drops pools unused for <see cref="TransportOptions.IdlePoolTimeout"/>. Every restart of a
    /// silo or gateway is a new address (its generation), so without this a long-lived silo would
    /// keep a pool, with its back-off state, for every incarnation it ever called. A pool dropped
    /// while a call was about to use it still serves that call; the next call makes a new one.
    /// </summary>
    internal void ForgetIdlePools()
    {
        foreach (var (address, pool) in _pools)
        {
            if (pool.IsIdleFor(Options.IdlePoolTimeout))
            {
                _pools.TryRemove(new KeyValuePair<SiloAddress, SiloConnectionPool>(address, pool));
            }
        }
    }

    /// <summary>How many remote silos this silo keeps a pool for (tests).</summary>
    internal int PoolCount => _pools.Count;

    private static async Task SendAfterConnectAsync(
        SiloConnectionPool pool, int slot, GrainCallRequest request, FrameKind kind, string interfaceName, string methodName, ReadOnlyMemory<byte> payload, uint timeout)
    {
        // A connection can close between being handed out and taking the call; the call was not
        // queued then, so one more (fresh) connection is tried before giving up.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            SiloConnection connection;
            try
            {
                connection = await pool.ConnectAsync(slot);
            }
            catch (Exception exception)
            {
                pool.Release();
                request.Reject(exception is SiloUnavailableException ? exception : new SiloUnavailableException($"Silo {pool.Remote} could not be reached.", exception));
                return;
            }
            if (connection.SendCall(request, kind, interfaceName, methodName, payload, timeout, pool))
            {
                return;
            }
        }
        pool.Release();
        request.Reject(new SiloUnavailableException($"The connections to silo {pool.Remote} kept closing; {request} was not sent."));
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException exception)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }
                TransportLog.AcceptFailed(Logger, exception);
                continue;
            }
            accepted.NoDelay = true;
            _ = AcceptConnectionAsync(accepted);
        }
    }

    /// <summary>Admits an accepted socket once its peer passes the handshake; until then nothing it sends is read as a frame.</summary>
    private async Task AcceptConnectionAsync(Socket accepted)
    {
        var endpoint = accepted.RemoteEndPoint?.ToString() ?? "?";
        string peer;
        Stream? stream = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(Options.ConnectTimeout);
            stream = new NetworkStream(accepted, ownsSocket: false);
            if (Tls is not null)
            {
                stream = await Tls.AcceptAsync(stream, timeout.Token);
            }
            peer = await TransportHandshake.AcceptAsync(stream, HandshakeKey, ServiceId, LocalAddress, timeout.Token);
        }
        catch (Exception exception)
        {
            var reason = exception switch
            {
                TransportHandshakeException refused => refused.Message,
                OperationCanceledException => $"no handshake within {Options.ConnectTimeout}",
                _ => exception.Message,
            };
            if (!_stopping.IsCancellationRequested)
            {
                TransportLog.HandshakeRefused(Logger, endpoint, reason);
            }
            stream?.Dispose();
            accepted.Dispose();
            return;
        }
        var connection = new SiloConnection(this, accepted, stream, $"{LocalAddress}<-{peer}");
        Track(connection, null);
        connection.Start();
    }

    private void Shutdown(string reason)
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        _stopping.Cancel();
        _sweepTimer?.Dispose();
        _pingTimer?.Dispose();
        _listener.Dispose();
        foreach (var connection in _connections.Keys.ToList())
        {
            connection.Close(reason);
        }
    }
}
