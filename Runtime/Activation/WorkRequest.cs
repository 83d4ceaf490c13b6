namespace Gatehouse.Runtime.Activation;

/// <summary>
/// One unit of work queued on an activation: a grain call, a timer tick, or the activation's own
/// activate/deactivate step. The activation admits it (respecting reentrancy rules), runs
/// <see cref="Start"/> on its logical thread, and calls <see cref="Complete"/> once the returned
/// task has finished.
/// </summary>
internal abstract class WorkRequest
{
    protected WorkRequest(long createdTimestamp)
    {
        CreatedTimestamp = createdTimestamp;
    }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when the request was made; call timeouts count from here.</summary>
    public long CreatedTimestamp { get; }

    /// <summary>May run while other read-only requests run.</summary>
    public virtual bool IsReadOnly => false;

    /// <summary>May run while any other request runs.</summary>
    public virtual bool AlwaysInterleave => false;

    /// <summary>Whether the caller is still waiting; requests whose caller gave up are not started.</summary>
    public virtual bool IsAbandoned => false;

    /// <summary>Whether running this request counts as activity that keeps the activation from idle collection.</summary>
    public virtual bool KeepsAlive => true;

    /// <summary>Starts the work on the activation's logical thread.</summary>
    public abstract Task Start(ActivationData activation);

    /// <summary>
    /// Turns the finished task into the caller's outcome. Runs before the activation admits its
    /// next request, so anything the outcome copies from grain memory is copied before another
    /// turn could change it. Must not throw.
    /// </summary>
    public abstract void Complete(Task task);

    /// <summary>Hands the outcome to the caller. Runs after the activation moved on; may run caller code.</summary>
    public virtual void Deliver() { }

    /// <summary>Fails the request because it waited or ran past its deadline. Must not throw.</summary>
    public virtual void TimeOut(TimeSpan elapsed) { }

    /// <summary>Fails a request that can no longer run here (the activation failed or was dropped).</summary>
    public abstract void Reject(Exception reason);

    /// <summary>A short description for logs and timeout messages.</summary>
    public abstract override string ToString();
}
