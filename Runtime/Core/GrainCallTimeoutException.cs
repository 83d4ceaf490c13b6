namespace Gatehouse.Runtime;

/// <summary>
/// A grain call got no response within <c>SiloOptions.CallTimeout</c>. The call may still run (or
/// have run) on the grain: a timeout says nothing about whether its effects happened.
/// </summary>
public sealed class GrainCallTimeoutException : TimeoutException
{
    public GrainCallTimeoutException(string message) : base(message) { }
}
