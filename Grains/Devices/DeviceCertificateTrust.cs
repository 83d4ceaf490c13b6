using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gatehouse.Grains.Devices;

/// <summary>
/// Whether a device's client certificate is trusted by a secure device type: only the type's own
/// certificates count, never the operating system's store, so one vendor's CA cannot vouch for
/// another vendor's devices and a public CA vouches for none.
/// </summary>
public static class DeviceCertificateTrust
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>SHA-256 of the DER, lowercase hex: how Gatehouse names a certificate (bindings, audit).</summary>
    public static string Thumbprint(byte[] der) => Convert.ToHexStringLower(SHA256.HashData(der));

    /// <summary>The certificates in <paramref name="pems"/> (each may hold several), as DER; 400 for anything else.</summary>
    public static List<byte[]> ParseTrust(IReadOnlyCollection<string> pems, int max)
    {
        var result = new List<byte[]>();
        foreach (var pem in pems)
        {
            if (string.IsNullOrWhiteSpace(pem))
            {
                throw new InvalidRequestException("A trusted certificate is empty; send PEM (-----BEGIN CERTIFICATE-----).");
            }
            if (pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
            {
                // The vendor's key never leaves the vendor; a PEM with one was pasted by mistake.
                throw new InvalidRequestException("Send certificates only: this PEM holds a private key, which Gatehouse must never receive.");
            }
            var collection = new X509Certificate2Collection();
            try
            {
                collection.ImportFromPem(pem);
            }
            catch (CryptographicException exception)
            {
                throw new InvalidRequestException($"A trusted certificate is not valid PEM: {exception.Message}");
            }
            if (collection.Count == 0)
            {
                throw new InvalidRequestException("A trusted certificate holds no -----BEGIN CERTIFICATE----- block.");
            }
            foreach (var certificate in collection)
            {
                var der = certificate.RawData;
                if (!result.Any(existing => existing.AsSpan().SequenceEqual(der)))
                {
                    result.Add(der);
                }
                certificate.Dispose();
            }
        }
        if (result.Count > max)
        {
            throw new InvalidRequestException($"A device type trusts at most {max} certificates.");
        }
        return result;
    }

    /// <summary>
    /// True when <paramref name="certificate"/> is valid at <paramref name="now"/> and is one of
    /// <paramref name="trusted"/> (a pinned device certificate) or chains to one of them, for client
    /// authentication. Revocation lists are not fetched: a silo makes no outbound calls to vendors.
    /// </summary>
    public static bool IsTrusted(byte[] certificate, IReadOnlyList<byte[]> trusted, DateTimeOffset now)
    {
        X509Certificate2 leaf;
        try
        {
            leaf = X509CertificateLoader.LoadCertificate(certificate);
        }
        catch (CryptographicException)
        {
            return false;
        }
        using (leaf)
        {
            var at = now.UtcDateTime;
            if (at < leaf.NotBefore.ToUniversalTime() || at > leaf.NotAfter.ToUniversalTime())
            {
                return false;
            }
            if (trusted.Any(der => der.AsSpan().SequenceEqual(certificate)))
            {
                return true;
            }
            var anchors = trusted.Select(X509CertificateLoader.LoadCertificate).ToList();
            try
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                chain.ChainPolicy.VerificationTime = at;
                chain.ChainPolicy.VerificationTimeIgnored = false;
                chain.ChainPolicy.DisableCertificateDownloads = true;
                chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
                foreach (var anchor in anchors)
                {
                    chain.ChainPolicy.CustomTrustStore.Add(anchor);
                    chain.ChainPolicy.ExtraStore.Add(anchor);
                }
                return chain.Build(leaf);
            }
            finally
            {
                foreach (var anchor in anchors)
                {
                    anchor.Dispose();
                }
            }
        }
    }
}
