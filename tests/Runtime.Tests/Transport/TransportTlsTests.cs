using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gatehouse.Runtime.Placement;
using Gatehouse.Runtime.Transport;

namespace Gatehouse.Runtime.Tests.Transport;

/// <summary>Mutual TLS on the transport: certificates from the cluster's CA, and nothing else, get a connection.</summary>
public sealed class TransportTlsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gatehouse-tls-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Silos_with_certificates_from_the_cluster_CA_call_each_other_over_TLS()
    {
        var ca = Authority("cluster-ca");
        var tls = new[] { Silo(ca, "silo-a"), Silo(ca, "silo-b") };
        var index = 0;
        await using var silos = await TwoSilos.StartAsync(transport: o => o.Tls = tls[index++]);

        Assert.Equal("silo-2", await silos.Probe(silos.A, silos.B, "encrypted").WhereAmI());
        Assert.Equal("silo-1", await silos.Probe(silos.B, silos.A, "encrypted-back").WhereAmI());

        // The listener speaks TLS first: a peer that opens with the plain handshake gets nowhere.
        var address = TwoSilos.TransportOf(silos.B).LocalAddress;
        using var plain = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await plain.ConnectAsync(address.Host, address.Port);
        await Assert.ThrowsAnyAsync<Exception>(() => TransportHandshake.DialAsync(new NetworkStream(plain), TransportHandshake.UnauthenticatedKey,
            TwoSilos.TransportOf(silos.B).ServiceId, address, new SiloAddress("127.0.0.1", 1, 1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_silo_whose_certificate_comes_from_another_CA_is_refused_and_its_call_never_runs()
    {
        var ca = Authority("cluster-ca");
        var rogue = Authority("rogue-ca");
        var tls = new[] { Silo(rogue, "intruder", trusting: ca), Silo(ca, "silo-b") };
        var index = 0;
        await using var silos = await TwoSilos.StartAsync(transport: o => o.Tls = tls[index++]);

        var exception = await Assert.ThrowsAsync<SiloUnavailableException>(() => silos.Probe(silos.A, silos.B, "rogue").WhereAmI());

        Assert.True(exception.Message.Contains("TLS") || exception.Message.Contains("SSL") || exception.Message.Contains("closed"), exception.Message);
        Assert.Equal(0, silos.B.ActivationCount);
        Assert.Empty(TwoSilos.TransportOf(silos.B).Connections);
    }

    [Fact]
    public async Task A_plain_silo_and_a_TLS_silo_cannot_talk()
    {
        var ca = Authority("cluster-ca");
        var tls = new[] { new TransportTlsOptions(), Silo(ca, "silo-b") };
        var index = 0;
        await using var silos = await TwoSilos.StartAsync(transport: o => o.Tls = tls[index++]);

        await Assert.ThrowsAsync<SiloUnavailableException>(() => silos.Probe(silos.A, silos.B, "mixed").WhereAmI());
        Assert.Equal(0, silos.B.ActivationCount);
    }

    [Fact]
    public void Incomplete_TLS_settings_fail_at_start_up()
    {
        var ca = Authority("cluster-ca");
        var complete = Silo(ca, "silo");

        Assert.Contains("CaCertificatePath", Assert.Throws<InvalidOperationException>(() =>
            TransportTls.Create(new TransportTlsOptions { CertificatePath = complete.CertificatePath, KeyPath = complete.KeyPath })).Message);
        Assert.Throws<InvalidOperationException>(() =>
            TransportTls.Create(new TransportTlsOptions { CertificatePath = Path.Combine(_directory, "missing.pem"), CaCertificatePath = complete.CaCertificatePath }));
        Assert.Null(TransportTls.Create(new TransportTlsOptions()));
        Assert.NotNull(TransportTls.Create(complete));
    }

    private X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        // Two days, so a one-day silo certificate issued a moment later still ends before its
        // issuer: CertificateRequest.Create refuses a later end, which failed a run once on a
        // loaded machine when the clock crossed a second in between.
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
    }

    /// <summary>A silo certificate issued by <paramref name="issuer"/>, written as PEM files, trusting <paramref name="trusting"/> (default: its issuer).</summary>
    private TransportTlsOptions Silo(X509Certificate2 issuer, string name, X509Certificate2? trusting = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = request.Create(issuer, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(8));
        var certificatePath = Path.Combine(_directory, name + ".crt");
        var keyPath = Path.Combine(_directory, name + ".key");
        var caPath = Path.Combine(_directory, name + "-trusts.crt");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(caPath, (trusting ?? issuer).ExportCertificatePem());
        return new TransportTlsOptions { CertificatePath = certificatePath, KeyPath = keyPath, CaCertificatePath = caPath };
    }
}
