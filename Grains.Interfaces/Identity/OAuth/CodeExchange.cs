namespace Gatehouse.Grains.Identity.OAuth;

/// <summary>
/// A token request with grant_type=authorization_code (RFC 6749 §4.1.3), after the gateway has
/// authenticated <see cref="ClientId"/>: the code itself, and what must match what it was issued for.
/// </summary>
public sealed record CodeExchange(string Code, string ClientId, string? RedirectUri, string? CodeVerifier);
