namespace Gatehouse.Grains.SecureRegistration;

/// <summary>ARTIK's answer to a new request: rid, the PIN the device shows the user, the nonce it keeps, and when it expires. Shown once.</summary>
public sealed record StartedSecureRegistration(string Rid, string Pin, string Nonce, DateTimeOffset ExpiresOn);
