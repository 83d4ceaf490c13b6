using Gatehouse.Runtime.Hosting;
using Gatehouse.Runtime.Membership.Postgres;
using Gatehouse.Runtime.Placement;
using Gatehouse.Runtime.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Runtime.Membership;

/// <summary>
/// This process's part in the PostgreSQL membership protocol. A silo inserts its row as joining
/// (a start-up task), heartbeats every <see cref="ClusterMembershipOptions.HeartbeatInterval"/>,
/// becomes active, reads the table every <see cref="ClusterMembershipOptions.TableRefreshInterval"/>
/// and publishes a new <see cref="MembershipView"/> whenever the version moved, probes its peers,
/// and declares dead the ones whose probes fail and whose heartbeat (by the database's clock) is
/// stale, or whose heartbeat is older than <see cref="ClusterMembershipOptions.DeathTimeout"/>.
/// A silo that finds its own row dead, whose heartbeat matches no live row, or that could not
/// heartbeat for the death timeout, is dead: it cancels <see cref="LocalSiloDead"/>, and the
/// silo host stops serving at once. A graceful stop writes shutting down, then dead.
/// A cluster client only reads the table.
/// </summary>
internal sealed class ClusterMembershipService : IMembershipService, ISiloStartupTask, ISiloLifecycleParticipant, IDisposable
{
    private readonly ClusterMembershipOptions _options;
    private readonly SiloOptions _silo;
    private readonly PostgresMembershipTable _table;
    private readonly TransportListener _listener;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly OwnRowWriter _writer;
    private readonly DeathDetector _deaths;
    private readonly MembershipLoops _loops;
    private readonly CancellationTokenSource _dead = new();
    private readonly Lock _lock = new();
    private volatile MembershipView _view = MembershipView.Empty;
    private volatile MembershipSnapshot? _snapshot;
    private LocalState _state = LocalState.NotJoined;
    private MemberStatus? _localStatus;
    private long _lastHeartbeatSent;
    private long _lastRefresh;
    private string? _lastRefreshError;
    private volatile bool _heartbeatsPaused;

    public ClusterMembershipService(
        IOptions<ClusterMembershipOptions> options,
        IOptions<SiloOptions> silo,
        PostgresMembershipTable table,
        TransportListener listener,
        TimeProvider clock,
        ILoggerFactory loggerFactory,
        IServiceProvider services)
    {
        _options = options.Value;
        _silo = silo.Value;
        _table = table;
        _listener = listener;
        _clock = clock;
        _logger = loggerFactory.CreateLogger("Gatehouse.Runtime.Membership");
        // Resolved late: the transport depends on the runtime, which depends on placement, which depends on this.
        var prober = new MembershipProber(() => services.GetService<SiloTransport>(), _options, _logger);
        _writer = new OwnRowWriter(table, _silo, clock, _logger);
        _deaths = new DeathDetector(table, _options, prober, _logger);
        _loops = new MembershipLoops(clock, exception => MembershipLog.RefreshFailed(_logger, exception));
        _lastRefresh = clock.GetTimestamp();
    }

    public SiloAddress LocalSilo => _listener.LocalAddress;

    public IReadOnlyList<SiloAddress> ActiveSilos => _view.ActiveSilos;

    public MembershipView View => _view;

    public event Action<MembershipView>? ViewChanged;

    public CancellationToken LocalSiloDead => _dead.Token;

    public ClusterRole Role => _options.Role;

    /// <summary>This silo's status in the table as it last wrote or read it; null for a client or before joining.</summary>
    public MemberStatus? LocalStatus
    {
        get
        {
            lock (_lock)
            {
                return _localStatus;
            }
        }
    }

    /// <summary>The last table read, or null before the first.</summary>
    public MembershipSnapshot? Snapshot => _snapshot;

    public int Order => SiloStartupOrder.Membership;

    /// <summary>Joins (a silo) or starts following the table (a client).</summary>
    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        _options.Validate();
        if (Role == ClusterRole.Client)
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
            StartLoops(heartbeatAndProbe: false);
            MembershipLog.ClientStarted(_logger, LocalSilo.ToString(), _silo.ServiceId, _table.DisplayName);
            return;
        }

        await _table.EnsureVersionRowAsync(cancellationToken).ConfigureAwait(false);
        await _table.DeleteDeadRowsAsync(_options.DeadRowRetention, cancellationToken).ConfigureAwait(false);
        var sent = await _writer.JoinAsync(LocalSilo, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _state = LocalState.Joined;
            _localStatus = MemberStatus.Joining;
            _lastHeartbeatSent = sent;
        }
        // Heartbeats start before the silo is active, so that a slow start is never mistaken for a death.
        StartLoops(heartbeatAndProbe: true);
        if (!await ChangeOwnStatusAsync(MemberStatus.Active, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Silo {LocalSilo} was declared dead while it joined service '{_silo.ServiceId}'.");
        }
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task OnStartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task OnStoppingAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (Role == ClusterRole.Client || _state != LocalState.Joined)
            {
                return;
            }
            _state = LocalState.Leaving;
        }
        try
        {
            // Out of the active set first, so placement everywhere moves the grains away while this
            // silo deactivates them (and forwards what still arrives here).
            await ChangeOwnStatusAsync(MemberStatus.ShuttingDown, cancellationToken).ConfigureAwait(false);
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            MembershipLog.LeaveFailed(_logger, exception, MemberStatus.ShuttingDown);
        }
    }

    public async Task OnStoppedAsync(CancellationToken cancellationToken)
    {
        bool leaving;
        lock (_lock)
        {
            leaving = _state == LocalState.Leaving;
            if (leaving)
            {
                // From here on this silo's own "dead" is expected, not a reason to kill itself.
                _state = LocalState.Left;
            }
        }
        if (leaving)
        {
            try
            {
                await ChangeOwnStatusAsync(MemberStatus.Dead, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                MembershipLog.LeaveFailed(_logger, exception, MemberStatus.Dead);
            }
        }
        StopLoops();
    }

    public void OnKilled()
    {
        lock (_lock)
        {
            if (_state is LocalState.Joined or LocalState.Leaving or LocalState.NotJoined)
            {
                _state = LocalState.Abandoned;
            }
        }
        StopLoops();
    }

    public void Dispose() => OnKilled();

    /// <summary>Stops writing heartbeats while everything else goes on, as a silo whose database connection hangs would (tests).</summary>
    internal void PauseHeartbeats() => _heartbeatsPaused = true;

    /// <summary>Null when the table is being read and this silo is active in it; otherwise why not (readiness).</summary>
    public string? DescribeProblem()
    {
        var sinceRefresh = _clock.GetElapsedTime(Volatile.Read(ref _lastRefresh));
        if (sinceRefresh > _options.TableUnreachableAfter)
        {
            return $"the membership table at {_table.DisplayName} has not been read for {sinceRefresh.TotalSeconds:0} s ({_lastRefreshError ?? "no answer yet"})";
        }
        var status = LocalStatus;
        return Role == ClusterRole.Silo && status != MemberStatus.Active
            ? $"this silo is {(status?.ToString() ?? "not yet joined").ToLowerInvariant()} in the membership table"
            : null;
    }

    /// <summary>Reads the table, publishes the view it gives, and (a silo) declares dead the members that are.</summary>
    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var snapshot = await ReadAsync(cancellationToken).ConfigureAwait(false);
        if (Role == ClusterRole.Client)
        {
            return;
        }
        // Each declaration moves the version; read again and go on, so two dead silos take one refresh.
        for (var round = 0; round <= snapshot.Entries.Length && IsServing; round++)
        {
            if (!await _deaths.TryDeclareOneDeadAsync(snapshot, LocalSilo, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
            snapshot = await ReadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private bool IsServing
    {
        get
        {
            lock (_lock)
            {
                return _state is LocalState.Joined or LocalState.Leaving;
            }
        }
    }

    private async Task<MembershipSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        MembershipSnapshot snapshot;
        try
        {
            snapshot = await _table.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            _lastRefreshError = exception.GetType().Name + ": " + exception.Message;
            throw;
        }
        Volatile.Write(ref _lastRefresh, _clock.GetTimestamp());
        _lastRefreshError = null;
        Apply(snapshot);
        return snapshot;
    }

    /// <summary>Takes a table read: this silo's own fate first, then a new view if the version moved.</summary>
    private void Apply(MembershipSnapshot snapshot)
    {
        MembershipView? published = null;
        string? deathReason = null;
        lock (_lock)
        {
            if (_snapshot is { } previous && previous.Version > snapshot.Version)
            {
                // A slower read that started earlier: the newer one already stands.
                return;
            }
            _snapshot = snapshot;
            if (_state is LocalState.Joined or LocalState.Leaving)
            {
                var own = snapshot.Find(LocalSilo);
                if (own is null || own.Status == MemberStatus.Dead)
                {
                    deathReason = own is null ? "its row is gone from the membership table" : "the membership table says it is dead";
                }
                else
                {
                    _localStatus = own.Status;
                }
            }
            if (deathReason is null && snapshot.Version != _view.Version)
            {
                published = _view = new MembershipView(
                    snapshot.Version,
                    snapshot.Entries.Where(e => e.Status == MemberStatus.Active && e.Role == ClusterRole.Silo).Select(e => e.Address));
            }
        }
        if (deathReason is not null)
        {
            OnLocalDeath(deathReason);
            return;
        }
        if (published is not null)
        {
            MembershipLog.ViewChanged(_logger, published.Version, published.ActiveSilos.Length, string.Join(", ", published.ActiveSilos));
            try
            {
                ViewChanged?.Invoke(published);
            }
            catch (Exception exception)
            {
                RuntimeLog.ActivationError(_logger, exception, LocalSilo.ToString(), "a membership view change handler");
            }
        }
    }

    /// <summary>Moves this silo's own row forward; false when the row was no longer live.</summary>
    private async Task<bool> ChangeOwnStatusAsync(MemberStatus status, CancellationToken cancellationToken)
    {
        if (!await _writer.ChangeAsync(LocalSilo, status, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        lock (_lock)
        {
            _localStatus = status;
        }
        return true;
    }

    private void OnLocalDeath(string reason)
    {
        lock (_lock)
        {
            if (_state is not (LocalState.Joined or LocalState.Leaving))
            {
                return;
            }
            _state = LocalState.Dead;
            _localStatus = MemberStatus.Dead;
        }
        MembershipLog.LocalSiloDead(_logger, LocalSilo.ToString(), reason);
        StopLoops();
        // Off this loop's thread: the silo host's handler closes the transport and kills the catalog.
        ThreadPool.UnsafeQueueUserWorkItem(static dead => dead.Cancel(), _dead, preferLocal: false);
    }

    private void StartLoops(bool heartbeatAndProbe)
    {
        _loops.Start(_options.TableRefreshInterval, async token =>
        {
            using var limit = _loops.Limit(_options.SuspectHeartbeatAge);
            await RefreshAsync(limit.Token).ConfigureAwait(false);
        });
        if (heartbeatAndProbe)
        {
            _loops.Start(_options.HeartbeatInterval, HeartbeatTickAsync);
            _loops.Start(_options.ProbeInterval, ProbeTickAsync);
        }
    }

    private void StopLoops() => _loops.Stop();

    private async Task HeartbeatTickAsync(CancellationToken token)
    {
        if (_heartbeatsPaused)
        {
            return;
        }
        var sent = _clock.GetTimestamp();
        bool live;
        try
        {
            using var limit = _loops.Limit(_options.SuspectHeartbeatAge);
            live = await _table.HeartbeatAsync(LocalSilo, limit.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (!token.IsCancellationRequested)
        {
            MembershipLog.HeartbeatFailed(_logger, exception);
            return;
        }
        if (!live)
        {
            OnLocalDeath("its heartbeat matched no live row in the membership table");
            return;
        }
        lock (_lock)
        {
            _lastHeartbeatSent = Math.Max(_lastHeartbeatSent, sent);
        }
    }

    private async Task ProbeTickAsync(CancellationToken token)
    {
        // The lease: by the time peers can find this silo's heartbeat older than the death timeout
        // (measured from a moment after this one sent it), this silo has stopped serving.
        long lastHeartbeat;
        lock (_lock)
        {
            lastHeartbeat = _lastHeartbeatSent;
        }
        var silent = _clock.GetElapsedTime(lastHeartbeat);
        if (silent > _options.DeathTimeout)
        {
            OnLocalDeath($"it could not write its heartbeat for {silent.TotalSeconds:0.0} s, so its peers may have declared it dead");
            return;
        }
        if (_snapshot is { } snapshot)
        {
            await _deaths.ProbePeersAsync(snapshot, LocalSilo, token).ConfigureAwait(false);
        }
    }

    private enum LocalState
    {
        NotJoined,
        Joined,
        Leaving,
        Left,
        Dead,
        Abandoned,
    }
}
