namespace Gatehouse.Grains.Identity;

/// <summary>
/// What an issuing grain tells a new token grain. <see cref="Digest"/> is SHA-256 of the token.
/// <see cref="ClientId"/> is the OAuth2 client the token was issued to, and <see cref="GrantId"/>
/// the authorization code it descends from (through any number of refreshes), so replaying that
/// code can revoke it (RFC 6749 §4.1.2).
/// </summary>
public sealed record TokenRecord(
    TokenKind Kind,
    Subject Subject,
    byte[] Digest,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    string Scope,
    string? PairedTokenId = null,
    string? ClientId = null,
    string? GrantId = null);
