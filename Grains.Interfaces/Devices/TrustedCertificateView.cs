namespace Gatehouse.Grains.Devices;

/// <summary>A certificate a secure device type trusts: device certificates must chain to one of them (or be one).</summary>
public sealed record TrustedCertificateView(string Subject, string Thumbprint, bool IsAuthority, DateTimeOffset NotBefore, DateTimeOffset NotAfter);
