namespace Gatehouse.Runtime.Transport;

/// <summary>A listener's verdict in the <see cref="TransportHandshake"/>. The values are on the wire: never renumber them.</summary>
internal enum HandshakeStatus : byte
{
    Accepted = 0,

    /// <summary>The dialer belongs to another service id (another deployment sharing the network).</summary>
    OtherService = 1,

    /// <summary>The dialer meant an earlier (or later) generation of the silo on this endpoint.</summary>
    OtherGeneration = 2,

    /// <summary>A proof of the cluster secret did not match: the two sides hold different secrets.</summary>
    BadProof = 3,

    /// <summary>Never sent: TLS failed (no certificate, or one that does not chain to the cluster's CA).</summary>
    BadCertificate = 254,

    /// <summary>Never sent: the peer did not speak the handshake at all.</summary>
    NotATransport = 255,
}
