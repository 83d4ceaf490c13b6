using Gatehouse.Runtime.Hosting;

namespace Gatehouse.Runtime.Activation;

/// <summary>
/// Periodic upkeep of the catalog: fails calls that are past <see cref="SiloOptions.CallTimeout"/>
/// and deactivates activations idle for <see cref="SiloOptions.CollectionAge"/>. Timeouts are
/// found by a sweep rather than a timer per call, which keeps a call's cost free of timer
/// allocation at the price of up to one <see cref="SiloOptions.TimeoutSweepInterval"/> of lateness.
/// </summary>
internal sealed class ActivationMaintenance(SiloRuntime runtime) : IDisposable
{
    private readonly List<(WorkRequest Request, TimeSpan Elapsed)> _expired = [];
    private readonly Lock _sweepLock = new();
    private ITimer? _timeoutTimer;
    private ITimer? _collectionTimer;

    public void Start()
    {
        var options = runtime.Options;
        _timeoutTimer = runtime.TimeProvider.CreateTimer(_ => SweepTimeouts(), null, options.TimeoutSweepInterval, options.TimeoutSweepInterval);
        _collectionTimer = runtime.TimeProvider.CreateTimer(_ => CollectIdle(), null, options.CollectionQuantum, options.CollectionQuantum);
    }

    public void SweepTimeouts()
    {
        // Timer callbacks can overlap when a sweep is slow; one sweep at a time is enough.
        if (!_sweepLock.TryEnter())
        {
            return;
        }
        try
        {
            var timeout = runtime.Options.CallTimeout;
            foreach (var activation in runtime.Catalog.Activations)
            {
                activation.SweepTimeouts(timeout, _expired);
            }
            // Same cadence: an activation a silo holds for a grain it does not own lives about a second past its last call.
            runtime.Catalog.DeactivateIdleForeign();
        }
        finally
        {
            _sweepLock.Exit();
        }
    }

    public int CollectIdle()
    {
        var collected = 0;
        var age = runtime.Options.CollectionAge;
        foreach (var activation in runtime.Catalog.Activations)
        {
            if (activation.TryCollectIfIdle(age))
            {
                collected++;
            }
        }
        if (collected > 0)
        {
            RuntimeLog.IdleCollected(runtime.Logger, collected);
        }
        return collected;
    }

    public void Dispose()
    {
        _timeoutTimer?.Dispose();
        _collectionTimer?.Dispose();
    }
}
