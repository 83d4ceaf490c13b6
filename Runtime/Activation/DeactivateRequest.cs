namespace Gatehouse.Runtime.Activation;

/// <summary>
/// The last turn of an activation: stop its timers and run <c>OnDeactivateAsync</c>, bounded by
/// <c>SiloOptions.DeactivationTimeout</c>. A failure is logged, never rethrown: deactivation
/// always completes, so requests forwarded past it are not stuck.
/// </summary>
internal sealed class DeactivateRequest(long createdTimestamp) : WorkRequest(createdTimestamp)
{
    public override bool KeepsAlive => false;

    public override Task Start(ActivationData activation) => DeactivateAsync(activation);

    private static async Task DeactivateAsync(ActivationData activation)
    {
        activation.DisposeTimers();
        if (activation.GrainInstance is not { } grain)
        {
            return;
        }
        try
        {
            using var cancellation = new CancellationTokenSource(activation.Runtime.Options.DeactivationTimeout, activation.Runtime.TimeProvider);
            await grain.OnDeactivateAsync(activation.DeactivationReason, cancellation.Token);
        }
        catch (Exception exception)
        {
            activation.LogUnhandled(exception, "OnDeactivateAsync");
        }
    }

    public override void Complete(Task task) { }

    public override void Reject(Exception reason) { }

    public override string ToString() => "deactivate";
}
