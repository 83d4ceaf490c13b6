using Gatehouse.Runtime.Activation;

namespace Gatehouse.Runtime.Invocation;

/// <summary>A call to a grain or observer method, waiting for (or carrying) its outcome.</summary>
internal abstract class GrainCallRequest(GrainInterfaceMethod method, GrainId target, object?[] arguments, long createdTimestamp)
    : WorkRequest(createdTimestamp)
{
    public GrainInterfaceMethod Method { get; } = method;

    public GrainId Target { get; } = target;

    public object?[] Arguments { get; } = arguments;

    /// <summary>Set when the call is sent to another silo, so its outcome is counted as a remote call's.</summary>
    public bool IsRemote { get; set; }

    public override bool IsReadOnly => Method.IsReadOnly;

    public override bool AlwaysInterleave => Method.AlwaysInterleave;

    /// <summary>What the proxy returns to the caller: a Task, Task&lt;T&gt; or (boxed) ValueTask.</summary>
    public abstract object ReturnValue { get; }

    public override Task Start(ActivationData activation) => Method.Invoker(activation.GrainInstance!, Arguments);

    /// <summary>
    /// Takes the outcome of a call that ran on another silo, as the transport received it (JSON of
    /// the declared result type); <see cref="WorkRequest.Deliver"/> then hands it over. Must not throw.
    /// </summary>
    public abstract void ReceiveResult(ReadOnlySpan<byte> json, Serialization.CallCopier copier);

    /// <summary>Runs the call on an object outside any activation (an observer).</summary>
    public Task StartOn(object target) => Method.Invoker(target, Arguments);

    public override string ToString() => $"{Method.DisplayName} on {Target}";
}
