namespace Gatehouse.Grains.Identity.OAuth;

/// <summary>What the consenting user's grain tells a new authorization-code grain. <see cref="Digest"/> is SHA-256 of the code.</summary>
public sealed record AuthorizationCodeRecord(
    AuthorizationGrant Grant,
    Subject Subject,
    byte[] Digest,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt);
