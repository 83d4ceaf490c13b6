namespace Gatehouse.Runtime.Transport;

/// <summary>Two silos could not agree to talk (see <see cref="TransportHandshake"/>); no frame was exchanged.</summary>
internal sealed class TransportHandshakeException(HandshakeStatus status, string message) : Exception(message)
{
    public HandshakeStatus Status { get; } = status;
}
