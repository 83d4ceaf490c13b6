using Gatehouse.Runtime.Activation;
using Microsoft.Extensions.Hosting;

namespace Gatehouse.Runtime.Hosting;

/// <summary>
/// Runs a silo inside a .NET generic host: start-up tasks (schemas), then reminders and upkeep,
/// then Active; on stop, graceful deactivation of every activation.
/// </summary>
internal sealed class SiloHost(SiloRuntime runtime, IEnumerable<ISiloStartupTask> startupTasks, IEnumerable<ISiloHealthCheck> healthChecks)
    : IHostedService, ISiloStatusProvider
{
    private readonly ActivationMaintenance _maintenance = new(runtime);
    private volatile SiloStatus _status = SiloStatus.Created;

    public SiloStatus Status => _status;

    internal SiloRuntime Runtime => runtime;

    internal ActivationMaintenance Maintenance => _maintenance;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _status = SiloStatus.Starting;
        foreach (var task in startupTasks.OrderBy(t => t.Order))
        {
            try
            {
                await task.ExecuteAsync(cancellationToken);
            }
            catch (Exception exception)
            {
                RuntimeLog.StartupTaskFailed(runtime.Logger, exception, task.GetType().Name);
                _status = SiloStatus.Dead;
                throw;
            }
        }
        await runtime.Reminders.StartAsync(cancellationToken);
        _maintenance.Start();
        _status = SiloStatus.Active;
        RuntimeLog.SiloActive(runtime.Logger, runtime.Options.SiloName, runtime.Options.ServiceId, runtime.Registry.Classes.Count());
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_status is SiloStatus.Stopped or SiloStatus.Dead)
        {
            return;
        }
        _status = SiloStatus.ShuttingDown;
        RuntimeLog.SiloStopping(runtime.Logger, runtime.Options.SiloName, runtime.Catalog.Count);
        runtime.Reminders.Stop();
        _maintenance.Dispose();
        await runtime.Catalog.DeactivateAllAsync(runtime.Options.DeactivationTimeout, cancellationToken);
        _status = SiloStatus.Stopped;
        RuntimeLog.SiloStopped(runtime.Logger, runtime.Options.SiloName);
    }

    /// <summary>Stops at once without running any grain code, as a crashed process would.</summary>
    internal void Kill()
    {
        _status = SiloStatus.Dead;
        runtime.Reminders.Stop();
        _maintenance.Dispose();
        runtime.Catalog.KillAll();
    }

    public async Task<string?> CheckReadinessAsync(CancellationToken cancellationToken)
    {
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
