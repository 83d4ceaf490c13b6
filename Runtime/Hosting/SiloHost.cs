using Gatehouse.Runtime.Activation;
using Gatehouse.Runtime.Membership;
using Microsoft.Extensions.Hosting;

namespace Gatehouse.Runtime.Hosting;

/// <summary>
/// Runs a silo inside a .NET generic host: start-up tasks (schemas, joining the cluster), then
/// reminders and upkeep, then Active; on stop, graceful deactivation of every activation between
/// the lifecycle participants' stopping and stopped steps. A silo that membership declares dead
/// is killed at once: it stops serving before anyone could see it answer again.
/// </summary>
internal sealed class SiloHost(
    SiloRuntime runtime,
    IMembershipService membership,
    IEnumerable<ISiloStartupTask> startupTasks,
    IEnumerable<ISiloHealthCheck> healthChecks,
    IEnumerable<ISiloLifecycleParticipant> participants)
    : IHostedService, ISiloStatusProvider
{
    private readonly ActivationMaintenance _maintenance = new(runtime);
    private readonly ISiloLifecycleParticipant[] _participants = [.. participants];
    private readonly Lock _lock = new();
    private volatile SiloStatus _status = SiloStatus.Created;
    private volatile bool _killing;
    private CancellationTokenRegistration _deathRegistration;

    public SiloStatus Status => _status;

    internal SiloRuntime Runtime => runtime;

    internal ActivationMaintenance Maintenance => _maintenance;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _status = SiloStatus.Starting;
        // Registered first: a silo declared dead while it starts must not go on to report Active.
        _deathRegistration = membership.LocalSiloDead.Register(static host => ((SiloHost)host!).Kill(), this);
        foreach (var task in startupTasks.OrderBy(t => t.Order))
        {
            try
            {
                await task.ExecuteAsync(cancellationToken);
            }
            catch (Exception exception)
            {
                RuntimeLog.StartupTaskFailed(runtime.Logger, exception, task.GetType().Name);
                Kill();
                throw;
            }
        }
        await runtime.Reminders.StartAsync(cancellationToken);
        _maintenance.Start();
        foreach (var participant in _participants)
        {
            await participant.OnStartedAsync(cancellationToken);
        }
        lock (_lock)
        {
            if (_status != SiloStatus.Starting || _killing)
            {
                throw new InvalidOperationException($"Silo {runtime.Options.SiloName} is {(_killing ? SiloStatus.Dead : _status)}; it did not start.");
            }
            _status = SiloStatus.Active;
        }
        RuntimeLog.SiloActive(runtime.Logger, runtime.Options.SiloName, runtime.Options.ServiceId, runtime.Registry.Classes.Count());
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_killing || _status is SiloStatus.Stopped or SiloStatus.Dead or SiloStatus.ShuttingDown)
            {
                return;
            }
            _status = SiloStatus.ShuttingDown;
        }
        RuntimeLog.SiloStopping(runtime.Logger, runtime.Options.SiloName, runtime.Catalog.Count);
        foreach (var participant in _participants)
        {
            await participant.OnStoppingAsync(cancellationToken);
        }
        runtime.Reminders.Stop();
        _maintenance.Dispose();
        await runtime.Catalog.DeactivateAllAsync(runtime.Options.DeactivationTimeout, cancellationToken);
        foreach (var participant in _participants)
        {
            await participant.OnStoppedAsync(cancellationToken);
        }
        await _deathRegistration.DisposeAsync();
        lock (_lock)
        {
            // Killed meanwhile (declared dead during the stop): it stays Dead.
            if (_status == SiloStatus.ShuttingDown)
            {
                _status = SiloStatus.Stopped;
            }
        }
        RuntimeLog.SiloStopped(runtime.Logger, runtime.Options.SiloName);
    }

    /// <summary>
    /// Stops at once without running any grain code or writing anything, as a crashed process
    /// would: no more calls in (the transport's listener and connections close first), none run
    /// (the catalog is dropped), nothing heartbeats.
    /// </summary>
    /// <remarks>
    /// <see cref="Status"/> turns Dead once all of that is done, so whoever sees Dead (a test, the
    /// Silo executable deciding to exit) sees a silo with no listener and no activations; from the
    /// first moment of the kill, the silo neither reports ready nor finishes starting.
    /// </remarks>
    internal void Kill()
    {
        lock (_lock)
        {
            if (_killing || _status is SiloStatus.Dead or SiloStatus.Stopped)
            {
                return;
            }
            _killing = true;
        }
        try
        {
            foreach (var participant in _participants)
            {
                participant.OnKilled();
            }
            runtime.Transport?.Abort("the silo was killed or declared dead");
            runtime.Reminders.Stop();
            _maintenance.Dispose();
            runtime.Catalog.KillAll();
        }
        finally
        {
            lock (_lock)
            {
                _status = SiloStatus.Dead;
            }
        }
    }

    public async Task<string?> CheckReadinessAsync(CancellationToken cancellationToken)
    {
        if (_killing)
        {
            return "The silo is Dead.";
        }
        if (_status != SiloStatus.Active)
        {
            return $"The silo is {_status}.";
        }
        foreach (var check in healthChecks)
        {
            string? problem;
            try
            {
                problem = await check.CheckAsync(cancellationToken);
            }
            catch (Exception exception)
            {
                problem = exception.GetType().Name;
            }
            if (problem is not null)
            {
                return $"{check.Name}: {problem}";
            }
        }
        return null;
    }
}
