using System.Security.Cryptography;

namespace Gatehouse.Gateway.Http.Authentication;

/// <summary>
/// The TLS client certificate of a request, as grains name it. Kestrel asks for one only on the
/// secure endpoint (<see cref="Hosting.SecureEndpoint"/>), and only a certificate whose key the
/// client proved in the handshake is here: nothing a header could claim.
/// </summary>
public static class ClientCertificates
{
    /// <summary>The DER of the request's client certificate, or null.</summary>
    public static byte[]? Der(HttpContext http) =>
        http.Request.IsHttps && http.Connection.ClientCertificate is { } certificate ? certificate.RawData : null;

    /// <summary>SHA-256 of the DER, lowercase hex (<c>DeviceCertificateTrust.Thumbprint</c>), or null without a certificate.</summary>
    public static string? Thumbprint(HttpContext http) =>
        Der(http) is { } der ? Convert.ToHexStringLower(SHA256.HashData(der)) : null;
}
