namespace Gatehouse.Runtime.Transport;

/// <summary>
/// Mutual TLS for the silo transport, bound from <c>Gatehouse:Silo:Transport:Tls</c>. Off unless
/// <see cref="CertificatePath"/> is set; then every silo and cluster-client gateway of the service
/// must set it too, since a TLS side and a plain side cannot talk. TLS encrypts the frames (grain
/// arguments carry credentials being verified) and each side must present a certificate that
/// chains to <see cref="CaCertificatePath"/>; the cluster-secret handshake then runs inside it.
/// </summary>
public sealed class TransportTlsOptions
{
    /// <summary>This silo's certificate, PEM. Used both to accept and to dial. Default: null (TLS off).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The certificate's private key, PEM (PKCS#8 or RSA/EC). Default: null, meaning the key is in <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>
    /// The CA certificates, PEM (one or more), that peers' certificates must chain to. Only these
    /// are trusted: the system store is not consulted, and host names are not checked (silos are
    /// addressed by IP and come and go); holding a certificate from this CA is what makes a peer
    /// a member. Required when TLS is on. Revocation is not checked: retire a compromised silo by
    /// rotating the CA. Default: null.
    /// </summary>
    public string? CaCertificatePath { get; set; }

    public bool Enabled => CertificatePath is not null;
}
