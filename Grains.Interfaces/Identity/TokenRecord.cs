namespace Gatehouse.Grains.Identity;

/// <summary>What an issuing grain tells a new token grain. <see cref="Digest"/> is SHA-256 of the token.</summary>
public sealed record TokenRecord(
    TokenKind Kind,
    Subject Subject,
    byte[] Digest,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    string Scope,
    string? PairedTokenId = null,
    string? ClientId = null);
