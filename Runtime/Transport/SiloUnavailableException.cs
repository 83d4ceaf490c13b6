namespace Gatehouse.Runtime.Transport;

/// <summary>
/// A call could not reach the silo that owns its grain, or the connection was lost while the call
/// waited. A call that fails this way may or may not have run on the remote grain.
/// </summary>
public sealed class SiloUnavailableException : Exception
{
    public SiloUnavailableException(string message) : base(message) { }

    public SiloUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}
