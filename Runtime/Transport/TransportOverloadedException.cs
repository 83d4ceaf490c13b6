namespace Gatehouse.Runtime.Transport;

/// <summary>
/// A call was refused before it was sent because <see cref="TransportOptions.MaxPendingCallsPerSilo"/>
/// calls to the same silo were already awaiting responses. The call did not run; it is safe to retry.
/// </summary>
public sealed class TransportOverloadedException : Exception
{
    public TransportOverloadedException(string message) : base(message) { }
}
