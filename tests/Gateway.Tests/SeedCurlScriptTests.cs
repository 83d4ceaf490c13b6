using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// The seeds' curl lines (tests/seeds/seed-curl.sh, hosts swapped, nothing else) run against the
/// built gateway started as a real process, serving http, https and the secure endpoint (which
/// asks for client certificates) on loopback with certificates made here, so ARTIK's secure
/// registration and <c>curl -k … --cert … --key … https://…/v1.1/message</c> run as written but
/// for the host and the certificate paths: client.cert is a device certificate a vendor CA
/// signed, and the script's setup makes the seed's device type trust that CA.
/// </summary>
public sealed class SeedCurlScriptTests
{
    private const string Marker = "The seed curl lines ran to the end.";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Seed_curl_lines_run_against_a_started_gateway_over_http_and_https()
    {
        var missing = new[] { "bash", "curl", "jq" }.Where(tool => !BashScript.OnPath(tool)).ToList();
        Assert.True(missing.Count == 0, $"The seed script needs bash, curl and jq; missing: {string.Join(", ", missing)} (apt-get install -y curl jq).");

        var certificates = Directory.CreateTempSubdirectory("gatehouse-seed-certs-").FullName;
        try
        {
            WriteCertificate(certificates, "server", "CN=127.0.0.1", serverFor: IPAddress.Loopback);
            // ARTIK's client.cert and client-pri.key, under the seed's file names, signed by the vendor's CA.
            var serialLast4 = WriteDeviceCertificate(certificates);

            var adminPassword = "seeds-" + Guid.NewGuid().ToString("N");
            var http = new Uri($"http://127.0.0.1:{RunningGateway.FreeTcpPort()}/");
            var tls = new Uri($"https://127.0.0.1:{RunningGateway.FreeTcpPort()}");
            var secure = new Uri($"https://127.0.0.1:{RunningGateway.FreeTcpPort()}");
            await using var gateway = RunningGateway.Start(Launch.App, new Dictionary<string, string>
            {
                ["Gatehouse__Bootstrap__AdminPassword"] = adminPassword,
                ["Gatehouse__Passwords__Iterations"] = "1000",
                // Kestrel's endpoints replace --urls, so the http address is named again beside https.
                ["Kestrel__Endpoints__Http__Url"] = http.ToString().TrimEnd('/'),
                ["Kestrel__Endpoints__Https__Url"] = tls.ToString().TrimEnd('/'),
                ["Kestrel__Endpoints__Https__Certificate__Path"] = Path.Combine(certificates, "server.crt"),
                ["Kestrel__Endpoints__Https__Certificate__KeyPath"] = Path.Combine(certificates, "server.key"),
                ["Kestrel__Endpoints__Secure__Url"] = secure.ToString().TrimEnd('/'),
                ["Kestrel__Endpoints__Secure__Certificate__Path"] = Path.Combine(certificates, "server.crt"),
                ["Kestrel__Endpoints__Secure__Certificate__KeyPath"] = Path.Combine(certificates, "server.key"),
            }, http);
            var ready = await gateway.WaitForStatusAsync("/readyz", HttpStatusCode.OK, StartTimeout);
            Assert.True(ready.Status == HttpStatusCode.OK, $"/readyz did not answer 200 within {StartTimeout.TotalSeconds} s (last: {ready}).\n{gateway.Output}");

            var script = Path.Combine(RunningGateway.RepositoryRoot(), "tests", "seeds", "seed-curl.sh");
            var run = await BashScript.RunAsync(script, gateway.DataDirectory, new Dictionary<string, string>
            {
                ["GATEHOUSE"] = gateway.BaseAddress.ToString().TrimEnd('/'),
                ["GATEHOUSE_TLS"] = tls.ToString().TrimEnd('/'),
                ["GATEHOUSE_SECURE"] = secure.ToString().TrimEnd('/'),
                ["SERIAL_LAST4"] = serialLast4,
                ["ADMIN_PASSWORD"] = adminPassword,
                ["CERT_DIR"] = certificates,
                // The lines without -k verify the server: curl trusts the certificate made here.
                ["CURL_CA_BUNDLE"] = Path.Combine(certificates, "server.crt"),
            }, ScriptTimeout);

            Assert.True(run.ExitCode == 0 && run.Output.Contains(Marker, StringComparison.Ordinal),
                (run.ExitCode is { } code ? $"The seed script exited with {code}" : $"The seed script did not finish within {ScriptTimeout.TotalMinutes} min") +
                $" (it must exit 0 and print \"{Marker}\").\n\n--- script output ---\n{run.Output}\n--- gateway output ---\n{gateway.Output}");
        }
        finally
        {
            Directory.Delete(certificates, recursive: true);
        }
    }

    /// <summary>
    /// vendor-ca.crt, and client.cert with client-pri.key: a device certificate the CA signed (client
    /// authentication). Returns the last 4 hex digits of its serial, which the user types when pairing.
    /// </summary>
    private static string WriteDeviceCertificate(string directory)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Seed vendor CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, critical: true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllText(Path.Combine(directory, "vendor-ca.crt"), ca.ExportCertificatePem());

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=seed device a1b2c3d4", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(10);
        serial[0] &= 0x7f;
        using var device = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
        File.WriteAllText(Path.Combine(directory, "client.cert"), device.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "client-pri.key"), key.ExportPkcs8PrivateKeyPem());
        return device.SerialNumber[^4..];
    }

    /// <summary>A self-signed certificate and its key as PEM files <c>{name}.crt</c> and <c>{name}.key</c>.</summary>
    private static void WriteCertificate(string directory, string name, string subject, IPAddress? serverFor)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (serverFor is not null)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(serverFor);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        }
        else
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        }
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, 0, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(directory, $"{name}.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, $"{name}.key"), key.ExportPkcs8PrivateKeyPem());
    }
}
