namespace Gatehouse.Runtime.Activation;

/// <summary>
/// The first turn of every activation: construct the grain, read its persistent state, run
/// <c>OnActivateAsync</c>. Calls queue behind it; if it fails they fail with its exception.
/// </summary>
internal sealed class ActivateRequest(long createdTimestamp) : WorkRequest(createdTimestamp)
{
    public override Task Start(ActivationData activation) => ActivateAsync(activation);

    private static async Task ActivateAsync(ActivationData activation)
    {
        var grain = activation.Runtime.Activator.Create(activation);
        activation.GrainInstance = grain;
        if (activation.PersistentStates is { } states)
        {
            foreach (var state in states)
            {
                await state.ReadStateAsync(CancellationToken.None);
            }
        }
        using var cancellation = new CancellationTokenSource(activation.Runtime.Options.CallTimeout, activation.Runtime.TimeProvider);
        await grain.OnActivateAsync(cancellation.Token);
    }

    public override void Complete(Task task)
    {
        // The activation turns a failure into the callers' error; nothing to hand over here.
    }

    public override void Reject(Exception reason) { }

    public override string ToString() => "activate";
}
