using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gatehouse.Tests.Hosting;

/// <summary>
/// Certificates made with .NET's <see cref="CertificateRequest"/> for TLS tests: a server
/// certificate for 127.0.0.1, vendor CAs, and device certificates a CA signs (client
/// authentication, a chosen serial number). Written as PEM where the gateway reads files.
/// </summary>
public static class TestPki
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public static X509Certificate2 ServerCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication], critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        return Usable(request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5)));
    }

    /// <summary>A vendor's root CA.</summary>
    public static X509Certificate2 CertificateAuthority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return Usable(request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-5), DateTimeOffset.UtcNow.AddYears(10)));
    }

    /// <summary>A device certificate <paramref name="issuer"/> signs (self-signed when null), valid from <paramref name="notBefore"/> for <paramref name="lifetime"/>.</summary>
    public static X509Certificate2 DeviceCertificate(X509Certificate2? issuer, string name, byte[]? serial = null, DateTimeOffset? notBefore = null, TimeSpan? lifetime = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ClientAuthentication], critical: false));
        // A year back by default: test hosts run a manual clock that starts before the real now.
        var from = notBefore ?? DateTimeOffset.UtcNow.AddYears(-1);
        var until = from + (lifetime ?? TimeSpan.FromDays(3650));
        if (issuer is null)
        {
            return Usable(request.CreateSelfSigned(from, until));
        }
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        serial ??= RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f; // positive
        using var signed = request.Create(issuer, from, until, serial);
        return Usable(signed.CopyWithPrivateKey(key));
    }

    public static string Pem(X509Certificate2 certificate) => certificate.ExportCertificatePem();

    /// <summary>Writes <c>{name}.crt</c> and <c>{name}.key</c> (PKCS#8) into <paramref name="directory"/>.</summary>
    public static (string Certificate, string Key) WritePem(X509Certificate2 certificate, string directory, string name)
    {
        var certificatePath = Path.Combine(directory, name + ".crt");
        var keyPath = Path.Combine(directory, name + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()!;
        using (key)
        {
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        }
        return (certificatePath, keyPath);
    }

    /// <summary>
    /// An HttpClient for <paramref name="baseAddress"/> that presents <paramref name="clientCertificate"/>
    /// whenever the server asks and trusts only <paramref name="server"/>.
    /// </summary>
    public static HttpClient Client(Uri baseAddress, X509Certificate2 server, X509Certificate2? clientCertificate, string? bearer = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == server.GetCertHashString(),
                // Always this certificate, whatever issuers the server lists.
                LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate!,
                ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
            },
        };
        if (clientCertificate is null)
        {
            handler.SslOptions.LocalCertificateSelectionCallback = null;
        }
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return client;
    }

    /// <summary>Through PKCS#12, so the private key is one SslStream can use on every platform.</summary>
    private static X509Certificate2 Usable(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
        }
    }
}
