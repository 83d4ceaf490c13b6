using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Gatehouse.Runtime.Transport;

/// <summary>
/// Wraps transport sockets in mutual TLS (<see cref="TransportTlsOptions"/>). Certificates are
/// loaded once, at start-up, so a missing or unreadable file stops the silo where the operator
/// is looking instead of failing every connection later.
/// </summary>
internal sealed class TransportTls
{
    // SNI and the name check play no part (see CaCertificatePath); a fixed name keeps the
    // ClientHello free of addresses.
    private const string TargetHost = "gatehouse-silo";

    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2Collection _authorities;

    private TransportTls(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        _certificate = certificate;
        _authorities = authorities;
    }

    /// <summary>Null when TLS is off.</summary>
    public static TransportTls? Create(TransportTlsOptions options)
    {
        if (!options.Enabled)
        {
            return null;
        }
        const string section = TransportOptions.SectionName + ":Tls";
        if (options.CaCertificatePath is null)
        {
            throw new InvalidOperationException($"{section}:CertificatePath is set but {section}:CaCertificatePath is not: peers' certificates need a CA to chain to.");
        }
        try
        {
            var certificate = X509Certificate2.CreateFromPemFile(options.CertificatePath!, options.KeyPath);
            if (!certificate.HasPrivateKey)
            {
                throw new InvalidOperationException($"{section}:CertificatePath '{options.CertificatePath}' has no private key (set {section}:KeyPath).");
            }
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(options.CaCertificatePath);
            if (authorities.Count == 0)
            {
                throw new InvalidOperationException($"{section}:CaCertificatePath '{options.CaCertificatePath}' holds no certificate.");
            }
            return new TransportTls(certificate, authorities);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"The transport's TLS certificates could not be loaded: {exception.Message}", exception);
        }
    }

    public async Task<Stream> DialAsync(Stream inner, CancellationToken cancellationToken)
    {
        var tls = new SslStream(inner, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = TargetHost,
                ClientCertificates = [_certificate],
                RemoteCertificateValidationCallback = (_, certificate, _, _) => IsMember(certificate),
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, cancellationToken);
            return tls;
        }
        catch (AuthenticationException exception)
        {
            await tls.DisposeAsync();
            throw new TransportHandshakeException(HandshakeStatus.BadCertificate, $"TLS with the peer failed: {exception.Message}");
        }
    }

    public async Task<Stream> AcceptAsync(Stream inner, CancellationToken cancellationToken)
    {
        var tls = new SslStream(inner, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _certificate,
                ClientCertificateRequired = true,
                RemoteCertificateValidationCallback = (_, certificate, _, _) => IsMember(certificate),
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, cancellationToken);
            return tls;
        }
        catch (AuthenticationException exception)
        {
            await tls.DisposeAsync();
            throw new TransportHandshakeException(HandshakeStatus.BadCertificate, $"TLS with the peer failed: {exception.Message}");
        }
    }

    /// <summary>A peer is a member when its certificate chains to one of the configured CAs, and to nothing else.</summary>
    private bool IsMember(X509Certificate? presented)
    {
        if (presented is null)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var certificate = presented as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(certificate);
    }
}
