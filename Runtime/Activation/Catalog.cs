using System.Collections.Concurrent;

namespace Gatehouse.Runtime.Activation;

/// <summary>
/// The activations of this silo, by grain id. At most one activation per grain is in the
/// catalog at a time; one that is deactivating stays in it (collecting requests to forward)
/// until it is gone, so a grain is never active twice in one silo. In a cluster, activations of
/// grains this silo does not own are deactivated: all of them when the membership view changes
/// (<see cref="DeactivateNotOwned"/>), and one created here although another silo owns it (a
/// forwarded call whose sender's view disagreed, a view change racing a call) once it is idle.
/// </summary>
internal sealed class Catalog(SiloRuntime runtime)
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly ConcurrentDictionary<GrainId, ActivationData> _foreign = new();
    private volatile bool _stopping;

    public int Count => _activations.Count;

    public ICollection<ActivationData> Activations => _activations.Values;

    /// <summary>Queues the request on the grain's activation, creating one if there is none.</summary>
    public ActivationData? Dispatch(WorkRequest request)
    {
        var grainId = request is Invocation.GrainCallRequest call ? call.Target : throw new ArgumentException("Only calls are dispatched by id.");
        while (true)
        {
            if (_stopping)
            {
                request.Reject(new InvalidOperationException($"The silo is shutting down; {request} was not run."));
                return null;
            }
            if (!_activations.TryGetValue(grainId, out var activation))
            {
                var created = new ActivationData(runtime, grainId, runtime.Registry.GetByTypeName(grainId.Type));
                activation = _activations.GetOrAdd(grainId, created);
                if (ReferenceEquals(activation, created) && runtime.Transport is not null && !IsOwnedHere(grainId))
                {
                    _foreign[grainId] = created;
                }
            }
            if (activation.TryEnqueue(request))
            {
                return activation;
            }
            // It became invalid between lookup and enqueue; make sure it is gone and look again.
            _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(grainId, activation));
        }
    }

    /// <summary>Called by an activation once it is invalid, with the requests it must pass on.</summary>
    public void OnActivationGone(ActivationData activation, List<WorkRequest>? forward)
    {
        _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));
        if (forward is null)
        {
            return;
        }
        foreach (var request in forward)
        {
            if (request is Invocation.GrainCallRequest call)
            {
                // To the owner: here again, or another silo if the grain moved.
                runtime.Invoker.Redispatch(call);
            }
            else
            {
                request.Reject(new InvalidOperationException($"{activation.GrainId} was deactivated before {request} ran."));
            }
        }
    }

    /// <summary>
    /// Deactivates, gracefully, every activation of a grain that placement now puts on another
    /// silo. Running calls finish; waiting ones are passed on to the new owner. Returns how many.
    /// </summary>
    public int DeactivateNotOwned()
    {
        var moved = 0;
        foreach (var activation in _activations.Values)
        {
            if (!IsOwnedHere(activation.GrainId))
            {
                activation.RequestDeactivation(DeactivationReason.OwnerChanged);
                moved++;
            }
        }
        return moved;
    }

    /// <summary>
    /// Deactivates the activations created here for grains another silo owns, once each has run
    /// what it was created for and is idle (so a forwarded call is not bounced back out).
    /// </summary>
    public void DeactivateIdleForeign()
    {
        foreach (var (grainId, activation) in _foreign)
        {
            if (!_activations.TryGetValue(grainId, out var current) || !ReferenceEquals(current, activation) || IsOwnedHere(grainId))
            {
                _foreign.TryRemove(new KeyValuePair<GrainId, ActivationData>(grainId, activation));
            }
            else if (activation.State == ActivationState.Valid && activation.IsIdle)
            {
                activation.RequestDeactivation(DeactivationReason.OwnerChanged);
                _foreign.TryRemove(new KeyValuePair<GrainId, ActivationData>(grainId, activation));
            }
        }
    }

    /// <summary>Whether placement names this silo as the owner; false when no silo is active (nobody owns anything).</summary>
    private bool IsOwnedHere(GrainId grainId)
    {
        try
        {
            return runtime.Placement.GetOwner(grainId) == runtime.Placement.LocalSilo;
        }
        catch (Transport.SiloUnavailableException)
        {
            return false;
        }
    }

    /// <summary>Deactivates every activation gracefully, waiting up to <paramref name="timeout"/>.</summary>
    public async Task DeactivateAllAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _stopping = true;
        foreach (var activation in _activations.Values)
        {
            activation.RequestDeactivation(DeactivationReason.ShuttingDown);
        }
        var deadline = runtime.TimeProvider.GetTimestamp();
        while (!_activations.IsEmpty && runtime.TimeProvider.GetElapsedTime(deadline) < timeout && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
        }
        KillAll();
    }

    /// <summary>Drops every activation without running grain code, as a crash would.</summary>
    public void KillAll()
    {
        _stopping = true;
        foreach (var activation in _activations.Values)
        {
            var orphans = activation.Kill();
            if (orphans is not null)
            {
                foreach (var request in orphans)
                {
                    request.Reject(new InvalidOperationException($"The silo stopped; {request} was not run."));
                }
            }
        }
        _activations.Clear();
        _foreign.Clear();
    }

    public bool TryGet(GrainId grainId, out ActivationData? activation) => _activations.TryGetValue(grainId, out activation);
}
