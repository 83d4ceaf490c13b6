using System.Collections.Concurrent;

namespace Gatehouse.Runtime.Tests.TestGrains;

public interface ILifecycleGrain : IGrainWithStringKey
{
    Task<string> Touch();

    Task DeactivateNow();
}

/// <summary>Writes its lifecycle events to a process-wide log that outlives the activation.</summary>
public sealed class LifecycleGrain : Grain, ILifecycleGrain
{
    public static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Events = new();

    private ConcurrentQueue<string> Log => Events.GetOrAdd(GrainId.Key, _ => new ConcurrentQueue<string>());

    public LifecycleGrain()
    {
        Log.Enqueue("constructed");
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Log.Enqueue("activate");
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await Task.Yield();
        Log.Enqueue($"deactivate:{reason}");
    }

    public Task<string> Touch()
    {
        Log.Enqueue("touch");
        return Task.FromResult(GrainId.Key);
    }

    public Task DeactivateNow()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
