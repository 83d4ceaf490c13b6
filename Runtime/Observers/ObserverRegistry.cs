using System.Collections.Concurrent;
using Gatehouse.Runtime.Invocation;

namespace Gatehouse.Runtime.Observers;

/// <summary>
/// Local objects made callable by grains (<see cref="IGrainFactory.CreateObjectReference{TObserver}"/>).
/// Observer calls do not go through an activation: they run on the pool, so an observer must be
/// safe to call concurrently, and a slow observer never holds up the grain that notifies it.
/// </summary>
internal sealed class ObserverRegistry
{
    /// <summary>The grain type of every observer reference's <see cref="GrainId"/>.</summary>
    public const string ObserverGrainType = "$observer";

    private readonly ConcurrentDictionary<string, IGrainObserver> _observers = new(StringComparer.Ordinal);

    public int Count => _observers.Count;

    /// <summary>
    /// Appended to every new observer key (<c>"@host:port@generation"</c>) once the silo has a
    /// transport, so a grain on another silo that is handed the reference can call back here.
    /// Empty in a silo of its own: keys are as they always were.
    /// </summary>
    public string HomeSuffix { get; set; } = "";

    public GrainId Register(IGrainObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var key = Guid.NewGuid().ToString("N") + HomeSuffix;
        _observers[key] = observer;
        return new GrainId(ObserverGrainType, key);
    }

    public void Unregister(GrainId grainId) => _observers.TryRemove(grainId.Key, out _);

    public void Dispatch(GrainCallRequest request)
    {
        if (!_observers.TryGetValue(request.Target.Key, out var observer))
        {
            request.Reject(new ObserverNotFoundException(request.Target));
            return;
        }
        ThreadPool.UnsafeQueueUserWorkItem(static state => Run(state.request, state.observer), (request, observer), preferLocal: false);
    }

    private static void Run(GrainCallRequest request, IGrainObserver observer)
    {
        Task task;
        try
        {
            task = request.StartOn(observer);
        }
        catch (Exception exception)
        {
            task = Task.FromException(exception);
        }
        task.ContinueWith(
            static (t, state) =>
            {
                var r = (GrainCallRequest)state!;
                r.Complete(t);
                r.Deliver();
            },
            request,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
