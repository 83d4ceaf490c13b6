using Gatehouse.Gateway.Http.Authentication;
using Gatehouse.Grains;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Messages;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;

namespace Gatehouse.Gateway.Realtime;

/// <summary>
/// What every live channel shares, whatever its protocol: its transport, the observer through
/// which grains reach it (credential revoked, feed message, feed or registration ended), the
/// credentials it stands on, and the timers that keep it honest — renewing grain subscriptions
/// and credential watches at a third of their lifetime, authenticating every credential again
/// every <see cref="RealtimeOptions.ReauthenticationInterval"/>, closing at a credential's expiry,
/// sending keep-alives. All timers run on the injected <see cref="TimeProvider"/>.
/// Disposing releases everything the connection subscribed to and deletes its observer references.
/// </summary>
internal sealed partial class LiveConnection : ICredentialObserver, IDeviceMessageObserver, IDeviceChannelObserver, IAsyncDisposable
{
    private readonly IGrainFactory _grains;
    private readonly CallerResolver _resolver;
    private readonly RealtimeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _endpointName;
    private readonly string? _source;
    private readonly Action _abort;
    private readonly TimeSpan _subscriptionLifetime;
    private readonly object _gate = new();
    private readonly List<CredentialHold> _holds = [];
    private readonly List<Renewal> _renewals = [];
    private readonly List<ITimer> _timers = [];
    private ICredentialObserver? _credentialReference;
    private IDeviceMessageObserver? _feedReference;
    private IDeviceChannelObserver? _channelReference;
    private int _disposed;
    private bool _timersClosed;

    public LiveConnection(LiveTransport transport, IGrainFactory grains, CallerResolver resolver, RealtimeOptions options, TimeProvider time,
        ILogger logger, string endpointName, string? source, Action abort, TimeSpan subscriptionLifetime)
    {
        _subscriptionLifetime = subscriptionLifetime;
        Transport = transport;
        _grains = grains;
        _resolver = resolver;
        _options = options;
        _time = time;
        _logger = logger;
        _endpointName = endpointName;
        _source = source;
        _abort = abort;
    }

    public LiveTransport Transport { get; }

    /// <summary>
    /// The thumbprint of the TLS client certificate the connection was opened with (ARTIK's secure
    /// WebSocket: the certificate is presented at the upgrade only), passed with every
    /// authentication on the connection, so a secure device's token works here only when it was.
    /// </summary>
    public string? ClientCertificate { get; init; }

    /// <summary>A frame sent just before the connection closes for a reason the client should read (an ARTIK error frame).</summary>
    public Func<ChannelClose, OutboundFrame?>? Farewell { get; init; }

    /// <summary>Called at every keep-alive tick (the ARTIK channel checks idleness there).</summary>
    public Action<DateTimeOffset>? Tick { get; init; }

    public IDeviceMessageObserver FeedReference => _feedReference ??= _grains.CreateObjectReference<IDeviceMessageObserver>(this);

    public IDeviceChannelObserver ChannelReference => _channelReference ??= _grains.CreateObjectReference<IDeviceChannelObserver>(this);

    private ICredentialObserver CredentialReference => _credentialReference ??= _grains.CreateObjectReference<ICredentialObserver>(this);

    /// <summary>Closes the connection, first sending the farewell frame when the close lets queued frames out.</summary>
    public void Close(ChannelClose close)
    {
        if (Transport.IsClosing)
        {
            return;
        }
        if (close.Drain && Farewell?.Invoke(close) is { } farewell)
        {
            Transport.Send(farewell);
        }
        LogClosing(_logger, _endpointName, (int)close.Status, close.Reason);
        Transport.Close(close);
    }

    /// <summary>
    /// Stands the connection on <paramref name="caller"/>'s credential: watches its grain (tokens
    /// and keys announce revocation), arms a close at its expiry, and includes it in the periodic
    /// re-authentication. Null when the credential is no longer live.
    /// </summary>
    public async Task<CredentialHold?> HoldAsync(PresentedCredential credential, Caller caller)
    {
        var hold = new CredentialHold(credential, caller);
        if (!await WatchAsync(hold))
        {
            return null;
        }
        lock (_gate)
        {
            _holds.Add(hold);
        }
        return hold;
    }

    public void Release(CredentialHold hold)
    {
        bool stillHeld;
        lock (_gate)
        {
            _holds.Remove(hold);
            // One watch per credential and connection: another hold on the same credential keeps it.
            stillHeld = _holds.Exists(h => h.Caller.Credential == hold.Caller.Credential && h.Caller.CredentialId == hold.Caller.CredentialId);
        }
        hold.ExpiryTimer?.Dispose();
        if (!stillHeld && Watched(hold.Caller) is { } grain)
        {
            _ = Quietly(() => grain.Unwatch(CredentialReference));
        }
    }

    /// <summary>Authenticates a credential as a request would, without holding it.</summary>
    public async Task<AuthenticationResult> ResolveAsync(PresentedCredential credential)
    {
        try
        {
            return await _resolver.ResolveAsync(credential, _endpointName, _source, ClientCertificate);
        }
        catch (GrainCallTimeoutException)
        {
            return AuthenticationResult.Fail(AuthenticationFailure.UnknownCredential);
        }
        catch (AccessDeniedException)
        {
            return AuthenticationResult.Fail(AuthenticationFailure.CertificateRequired);
        }
    }

    /// <summary>Authenticates the held credential again, as a request would; null (and the connection closing) when it fails.</summary>
    public async Task<Caller?> ReauthenticateAsync(CredentialHold hold)
    {
        AuthenticationResult result;
        try
        {
            result = await _resolver.ResolveAsync(hold.Credential, _endpointName, _source, ClientCertificate);
        }
        catch (AccessDeniedException)
        {
            result = AuthenticationResult.Fail(AuthenticationFailure.CertificateRequired);
        }
        catch (GrainCallTimeoutException)
        {
            // Unknown is not invalid: keep the last caller and try again at the next tick.
            return hold.Caller;
        }
        if (result.Caller is not { } caller || caller.Kind != hold.Caller.Kind || caller.Id != hold.Caller.Id)
        {
            Close(ChannelClose.Revoked($"The credential is no longer valid ({Describe(result.Failure)})."));
            return null;
        }
        hold.Caller = caller;
        return caller;
    }

    /// <summary>Keeps a grain subscription alive: <paramref name="renew"/> at every renewal tick, <paramref name="release"/> when the connection ends.</summary>
    public void AddRenewal(object key, Func<Task> renew, Func<Task> release)
    {
        lock (_gate)
        {
            _renewals.RemoveAll(r => Equals(r.Key, key));
            _renewals.Add(new Renewal(key, renew, release));
        }
    }

    public Task RemoveRenewalAsync(object key)
    {
        Renewal? removed;
        lock (_gate)
        {
            removed = _renewals.Find(r => Equals(r.Key, key));
            if (removed is not null)
            {
                _renewals.Remove(removed);
            }
        }
        return removed is null ? Task.CompletedTask : Quietly(removed.Release);
    }

    /// <summary>
    /// Runs the connection: starts the timers and the writer loop, runs <paramref name="readLoop"/>
    /// until the client leaves or the connection closes, then waits for the writer to finish
    /// (aborting after <see cref="RealtimeOptions.CloseTimeout"/> if the client does not take the close).
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> readLoop, CancellationToken requestAborted, CancellationToken serverStopping)
    {
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        using var stopping = serverStopping.Register(() => Close(ChannelClose.ServerStopping));
        _ = Transport.Closing.ContinueWith(_ => ArmAbort(aborted), TaskScheduler.Default);
        StartTimers();
        var writer = Transport.RunWriterAsync(aborted.Token);
        try
        {
            await readLoop(aborted.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or System.Net.WebSockets.WebSocketException or IOException)
        {
            // The client went away.
        }
        Transport.Close(ChannelClose.ClientClosed);
        await writer;
    }

    public Task OnCredentialRevokedAsync(string credentialId, string reason)
    {
        Close(ChannelClose.Revoked(reason));
        return Task.CompletedTask;
    }

    public Task OnMessageAsync(DeviceMessage message)
    {
        // Never waits: a full queue closes the connection instead of holding up the device grain.
        Transport.Send(FeedFrames.Message(message));
        return Task.CompletedTask;
    }

    public Task OnFeedEndedAsync(string reason)
    {
        Close(ChannelClose.Revoked(reason));
        return Task.CompletedTask;
    }

    public Task OnChannelEndedAsync(string deviceId, string reason)
    {
        Close(ChannelClose.Revoked($"Device {deviceId}: {reason}"));
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        List<Renewal> renewals;
        List<CredentialHold> holds;
        lock (_gate)
        {
            _timersClosed = true;
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }
            renewals = [.. _renewals];
            holds = [.. _holds];
            _renewals.Clear();
            _holds.Clear();
        }
        var releases = renewals.Select(r => Quietly(r.Release)).ToList();
        foreach (var hold in holds)
        {
            hold.ExpiryTimer?.Dispose();
            if (_credentialReference is not null && Watched(hold.Caller) is { } grain)
            {
                releases.Add(Quietly(() => grain.Unwatch(_credentialReference)));
            }
        }
        await Task.WhenAll(releases);
        // After the grains were told: a late call to a deleted reference fails, and the grain drops it.
        if (_credentialReference is not null)
        {
            _grains.DeleteObjectReference(_credentialReference);
        }
        if (_feedReference is not null)
        {
            _grains.DeleteObjectReference(_feedReference);
        }
        if (_channelReference is not null)
        {
            _grains.DeleteObjectReference(_channelReference);
        }
    }

    private async Task<bool> WatchAsync(CredentialHold hold)
    {
        if (Watched(hold.Caller) is not { } grain)
        {
            // Passwords and anonymous callers have no grain to announce a change; re-authentication covers them.
            return true;
        }
        var watch = await grain.Watch(CredentialReference);
        if (!watch.Live)
        {
            return false;
        }
        if (watch.ExpiresAt is { } expiresAt && hold.ExpiryTimer is null)
        {
            var due = expiresAt - _time.GetUtcNow();
            hold.ExpiryTimer = _time.CreateTimer(_ => Close(ChannelClose.Revoked("The credential has expired.")), null,
                due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
        return true;
    }

    private WatchedCredential? Watched(Caller caller) => WatchedCredential.For(_grains, caller);

    private void StartTimers()
    {
        var renewEvery = Min(CredentialWatch.Lifetime, _subscriptionLifetime) / 3;
        lock (_gate)
        {
            _timers.Add(_time.CreateTimer(_ => _ = RenewAllAsync(), null, renewEvery, renewEvery));
            _timers.Add(_time.CreateTimer(_ => _ = ReauthenticateAllAsync(), null, _options.ReauthenticationInterval, _options.ReauthenticationInterval));
            _timers.Add(_time.CreateTimer(_ => KeepAlive(), null, _options.PingInterval, _options.PingInterval));
        }
    }

    private void KeepAlive()
    {
        var now = _time.GetUtcNow();
        if (Transport.Heartbeat(now) is { } frame)
        {
            Transport.Send(frame);
        }
        Tick?.Invoke(now);
    }

    private async Task RenewAllAsync()
    {
        if (Transport.IsClosing)
        {
            return;
        }
        List<Renewal> renewals;
        List<CredentialHold> holds;
        lock (_gate)
        {
            renewals = [.. _renewals];
            holds = [.. _holds];
        }
        try
        {
            foreach (var hold in holds)
            {
                if (!await WatchAsync(hold))
                {
                    Close(ChannelClose.Revoked("The credential is no longer valid."));
                    return;
                }
            }
            foreach (var renewal in renewals)
            {
                await renewal.Renew();
            }
        }
        catch (Exception exception) when (exception is AccessDeniedException or NotAuthenticatedException or ResourceNotFoundException)
        {
            Close(ChannelClose.Revoked(exception.Message));
        }
        catch (Exception exception)
        {
            // A timeout or a failing silo: the subscription lives on until its lifetime; the next tick tries again.
            LogRenewalFailed(_logger, _endpointName, exception.GetType().Name);
        }
    }

    private async Task ReauthenticateAllAsync()
    {
        List<CredentialHold> holds;
        lock (_gate)
        {
            holds = [.. _holds];
        }
        foreach (var hold in holds)
        {
            if (Transport.IsClosing || await ReauthenticateAsync(hold) is null)
            {
                return;
            }
        }
    }

    private void ArmAbort(CancellationTokenSource aborted)
    {
        var timer = _time.CreateTimer(_ =>
        {
            try
            {
                aborted.Cancel();
                _abort();
            }
            catch (ObjectDisposedException)
            {
                // The connection finished on its own.
            }
        }, null, _options.CloseTimeout, Timeout.InfiniteTimeSpan);
        lock (_gate)
        {
            if (_timersClosed)
            {
                // The connection finished before the close was armed.
                timer.Dispose();
                return;
            }
            _timers.Add(timer);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string Describe(AuthenticationFailure failure) => failure switch
    {
        AuthenticationFailure.Revoked => "revoked",
        AuthenticationFailure.Expired => "expired",
        AuthenticationFailure.Disabled => "the principal is disabled or gone",
        AuthenticationFailure.None => "it now stands for another principal",
        AuthenticationFailure.CertificateRequired => "a secure device's credential needs its client certificate",
        _ => "not accepted",
    };

    private static async Task Quietly(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception)
        {
            // Best effort: an unreleased subscription expires on its own.
        }
    }

    private sealed record Renewal(object Key, Func<Task> Renew, Func<Task> Release);

    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Live channel on {Endpoint} closing with {Status}: {Reason}")]
    private static partial void LogClosing(ILogger logger, string endpoint, int status, string reason);

    [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "Live channel on {Endpoint} could not renew its subscriptions ({Error}); retrying at the next tick")]
    private static partial void LogRenewalFailed(ILogger logger, string endpoint, string error);
}
