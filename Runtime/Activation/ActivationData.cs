using Gatehouse.Runtime.Timers;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Runtime.Activation;

/// <summary>
/// One activation of a grain: the grain object, its mailbox, and the scheduler that gives it a
/// single logical thread.
/// </summary>
/// <remarks>
/// Concurrency rules, all under <see cref="_lock"/>:
/// <list type="bullet">
/// <item>Requests wait in <see cref="_waiting"/> in arrival order and are admitted from the head
/// only, so a later request never overtakes an earlier one it may not interleave with.</item>
/// <item>At most one thread runs <see cref="Execute"/> at a time (<see cref="_scheduled"/> is the
/// token). Continuations of grain code are posted by <see cref="ActivationSynchronizationContext"/>
/// and run only inside <see cref="Execute"/>, which is why grain code never runs in parallel with
/// itself even when requests interleave.</item>
/// <item>A request's outcome is captured (and copied) before the activation admits another
/// request, then handed to the caller after, outside the lock.</item>
/// </list>
/// Idle cost matters (the target is 2 KiB per idle activation), so queues and lists are created
/// on first use.
/// </remarks>
internal sealed class ActivationData : IThreadPoolWorkItem
{
    // How many work items one Execute runs before yielding the pool thread to other activations.
    private const int QuantumItems = 64;

    private readonly Lock _lock = new();
    private Queue<WorkRequest>? _waiting;
    private Queue<(SendOrPostCallback Callback, object? State)>? _continuations;
    private List<WorkRequest>? _running;
    private List<WorkRequest>? _forward;
    private List<GrainTimer>? _timers;
    private ActivationSynchronizationContext? _context;
    private bool _scheduled;
    private bool _deactivationPending;
    private DeactivationReason _deactivationReason;
    private long _lastActivity;

    public ActivationData(SiloRuntime runtime, GrainId grainId, GrainClassInfo classInfo)
    {
        Runtime = runtime;
        GrainId = grainId;
        ClassInfo = classInfo;
        State = ActivationState.Activating;
        _lastActivity = runtime.TimeProvider.GetTimestamp();
        // Activation itself is the first turn: every call queues behind it.
        _waiting = new Queue<WorkRequest>(4);
        _waiting.Enqueue(new ActivateRequest(runtime.TimeProvider.GetTimestamp()));
    }

    public SiloRuntime Runtime { get; }

    public GrainId GrainId { get; }

    public GrainClassInfo ClassInfo { get; }

    public Grain? GrainInstance { get; set; }

    /// <summary>Persistent states created for this activation, read before OnActivateAsync.</summary>
    public List<IPersistentStateLoader>? PersistentStates { get; set; }

    public ActivationState State { get; private set; }

    public DeactivationReason DeactivationReason => _deactivationReason;

    public ActivationSynchronizationContext Context => _context ??= new ActivationSynchronizationContext(this);

    /// <summary>
    /// Queues a request. False when this activation is gone; the caller then looks the grain up
    /// again, which creates a new activation.
    /// </summary>
    public bool TryEnqueue(WorkRequest request)
    {
        bool schedule;
        lock (_lock)
        {
            switch (State)
            {
                case ActivationState.Invalid:
                    return false;
                case ActivationState.Deactivating:
                    (_forward ??= []).Add(request);
                    return true;
            }
            if (request.KeepsAlive)
            {
                _lastActivity = Runtime.TimeProvider.GetTimestamp();
            }
            (_waiting ??= new Queue<WorkRequest>(4)).Enqueue(request);
            schedule = TryTakeScheduleTokenLocked();
        }
        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
        return true;
    }

    /// <summary>Posts a continuation of grain code. Called through the synchronization context.</summary>
    public void PostContinuation(SendOrPostCallback callback, object? state)
    {
        bool schedule;
        lock (_lock)
        {
            (_continuations ??= new Queue<(SendOrPostCallback, object?)>(4)).Enqueue((callback, state));
            schedule = !_scheduled;
            _scheduled = true;
        }
        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }
    }

    /// <summary>Runs queued continuations and admissible requests on the caller's (pool) thread.</summary>
    public void Execute()
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(Context);
        try
        {
            for (var i = 0; i < QuantumItems; i++)
            {
                WorkRequest? request;
                (SendOrPostCallback Callback, object? State) continuation = default;
                lock (_lock)
                {
                    if (_continuations is { Count: > 0 })
                    {
                        continuation = _continuations.Dequeue();
                        request = null;
                    }
                    else if (!TryAdmitLocked(out request))
                    {
                        _scheduled = false;
                        return;
                    }
                }

                if (request is null)
                {
                    continuation.Callback!(continuation.State);
                }
                else
                {
                    StartRequest(request);
                }
            }

            // Quantum used up: requeue so other activations sharing the pool make progress.
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void StartRequest(WorkRequest request)
    {
        Task task;
        try
        {
            task = request.Start(this);
        }
        catch (Exception exception)
        {
            task = Task.FromException(exception);
        }

        if (task.IsCompleted)
        {
            OnRequestFinished(request, task);
        }
        else
        {
            task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => OnRequestFinished(request, task));
        }
    }

    private void OnRequestFinished(WorkRequest request, Task task)
    {
        request.Complete(task);

        bool schedule;
        lock (_lock)
        {
            _running!.Remove(request);
            if (request.KeepsAlive)
            {
                _lastActivity = Runtime.TimeProvider.GetTimestamp();
            }
            switch (request)
            {
                case ActivateRequest:
                    OnActivateFinishedLocked(task);
                    break;
                case DeactivateRequest:
                    State = ActivationState.Invalid;
                    break;
            }
            if (_deactivationPending && _running.Count == 0 && State == ActivationState.Valid)
            {
                BeginDeactivationLocked();
            }
            schedule = TryTakeScheduleTokenLocked();
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }

        if (State == ActivationState.Invalid && request is ActivateRequest or DeactivateRequest)
        {
            Runtime.Catalog.OnActivationGone(this, TakeForwardedRequests());
        }

        // Caller code may run inline from here (its continuation, when it has no context of its
        // own). It must not see this activation's context as current, or its next await would
        // post back onto this grain.
        var current = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            request.Deliver();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(current);
        }
    }

    private void OnActivateFinishedLocked(Task task)
    {
        if (task.IsCompletedSuccessfully)
        {
            State = ActivationState.Valid;
            return;
        }

        // A failed activation fails every call that was waiting on it; the next call tries anew.
        var reason = task.Exception?.InnerException ?? new InvalidOperationException($"Activation of {GrainId} was canceled.");
        State = ActivationState.Invalid;
        var waiting = _waiting;
        _waiting = null;
        if (waiting is not null)
        {
            foreach (var waiter in waiting)
            {
                waiter.Reject(reason);
            }
        }
        _deactivationReason = DeactivationReason.ActivationFailed;
    }

    /// <summary>
    /// Deactivates once the running requests finish. Requests not yet started are forwarded to
    /// the next activation of the grain.
    /// </summary>
    public void RequestDeactivation(DeactivationReason reason)
    {
        bool schedule = false;
        lock (_lock)
        {
            if (_deactivationPending || State is ActivationState.Deactivating or ActivationState.Invalid)
            {
                return;
            }
            _deactivationPending = true;
            _deactivationReason = reason;
            if (State == ActivationState.Valid && (_running is null || _running.Count == 0))
            {
                BeginDeactivationLocked();
                schedule = TryTakeScheduleTokenLocked();
            }
        }
        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>Collects the activation if it has been idle for at least <paramref name="age"/>.</summary>
    public bool TryCollectIfIdle(TimeSpan age)
    {
        lock (_lock)
        {
            if (State != ActivationState.Valid
                || _running is { Count: > 0 }
                || _waiting is { Count: > 0 }
                || Runtime.TimeProvider.GetElapsedTime(_lastActivity) < age)
            {
                return false;
            }
        }
        RequestDeactivation(DeactivationReason.IdleCollection);
        return true;
    }

    private void BeginDeactivationLocked()
    {
        State = ActivationState.Deactivating;
        if (_waiting is { Count: > 0 })
        {
            (_forward ??= []).AddRange(_waiting);
            _waiting.Clear();
        }
        (_waiting ??= new Queue<WorkRequest>(1)).Enqueue(new DeactivateRequest(Runtime.TimeProvider.GetTimestamp()));
    }

    private List<WorkRequest>? TakeForwardedRequests()
    {
        lock (_lock)
        {
            var forward = _forward;
            _forward = null;
            if (_waiting is { Count: > 0 })
            {
                (forward ??= []).AddRange(_waiting);
                _waiting.Clear();
            }
            return forward;
        }
    }

    /// <summary>Drops the activation without running any grain code, as a crashed silo would.</summary>
    public List<WorkRequest>? Kill()
    {
        lock (_lock)
        {
            State = ActivationState.Invalid;
        }
        DisposeTimers();
        return TakeForwardedRequests();
    }

    /// <summary>Fails requests that have waited or run longer than <paramref name="timeout"/>.</summary>
    public void SweepTimeouts(TimeSpan timeout, List<(WorkRequest Request, TimeSpan Elapsed)> scratch)
    {
        scratch.Clear();
        var time = Runtime.TimeProvider;
        lock (_lock)
        {
            if (_running is { Count: > 0 })
            {
                foreach (var request in _running)
                {
                    var elapsed = time.GetElapsedTime(request.CreatedTimestamp);
                    if (elapsed >= timeout)
                    {
                        scratch.Add((request, elapsed));
                    }
                }
            }
            if (_waiting is { Count: > 0 })
            {
                foreach (var request in _waiting)
                {
                    var elapsed = time.GetElapsedTime(request.CreatedTimestamp);
                    if (elapsed >= timeout)
                    {
                        scratch.Add((request, elapsed));
                    }
                }
            }
        }
        foreach (var (request, elapsed) in scratch)
        {
            request.TimeOut(elapsed);
        }
    }

    /// <summary>True when nothing runs or waits (used by tests and shutdown).</summary>
    public bool IsIdle
    {
        get
        {
            lock (_lock)
            {
                return _running is not { Count: > 0 } && _waiting is not { Count: > 0 } && _continuations is not { Count: > 0 };
            }
        }
    }

    public void AddTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            (_timers ??= []).Add(timer);
        }
    }

    public void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers?.Remove(timer);
        }
    }

    public void DisposeTimers()
    {
        GrainTimer[] timers;
        lock (_lock)
        {
            if (_timers is not { Count: > 0 })
            {
                return;
            }
            timers = [.. _timers];
            _timers.Clear();
        }
        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }

    private bool TryTakeScheduleTokenLocked()
    {
        if (_scheduled)
        {
            return false;
        }
        if (_continuations is { Count: > 0 } || CanAdmitHeadLocked())
        {
            _scheduled = true;
            return true;
        }
        return false;
    }

    private bool CanAdmitHeadLocked()
    {
        if (_waiting is null)
        {
            return false;
        }
        while (_waiting.Count > 0)
        {
            var head = _waiting.Peek();
            if (!head.IsAbandoned)
            {
                return CanRunLocked(head);
            }
            _waiting.Dequeue();
        }
        return false;
    }

    private bool TryAdmitLocked(out WorkRequest? request)
    {
        if (CanAdmitHeadLocked())
        {
            request = _waiting!.Dequeue();
            (_running ??= new List<WorkRequest>(1)).Add(request);
            return true;
        }
        request = null;
        return false;
    }

    private bool CanRunLocked(WorkRequest candidate)
    {
        if (_running is not { Count: > 0 })
        {
            return true;
        }
        if (candidate is ActivateRequest or DeactivateRequest || State != ActivationState.Valid)
        {
            return false;
        }
        if (candidate.AlwaysInterleave || ClassInfo.IsReentrant)
        {
            return true;
        }
        if (!candidate.IsReadOnly)
        {
            return false;
        }
        foreach (var running in _running)
        {
            if (!running.IsReadOnly)
            {
                return false;
            }
        }
        return true;
    }

    public void LogUnhandled(Exception exception, string what) =>
        RuntimeLog.ActivationError(Runtime.Logger, exception, GrainId.ToString(), what);
}
