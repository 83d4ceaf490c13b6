namespace Gatehouse.Runtime.Activation;

/// <summary>
/// The activation's logical thread. Grain code runs with this as
/// <see cref="SynchronizationContext.Current"/>, so every <c>await</c> in a grain resumes by posting
/// back to the activation's queue. That is what makes turns single-threaded across awaits
/// without pinning an OS thread per activation.
/// </summary>
internal sealed class ActivationSynchronizationContext(ActivationData activation) : SynchronizationContext
{
    public ActivationData Activation { get; } = activation;

    public override void Post(SendOrPostCallback d, object? state) => Activation.PostContinuation(d, state);

    public override void Send(SendOrPostCallback d, object? state)
    {
        // A synchronous hop onto an actor's thread would block the caller on the actor's queue and
        // invites deadlock; grain code never needs it.
        throw new NotSupportedException("Synchronous Send onto a grain activation is not supported.");
    }

    public override SynchronizationContext CreateCopy() => this;
}
