namespace Gatehouse.Gateway.Http.SecureRegistration.Contracts;

/// <summary>rid, pin and nonce, and expiresOn in milliseconds since the epoch.</summary>
public sealed record ArtikRegistration(string Rid, string Pin, string Nonce, long ExpiresOn);
