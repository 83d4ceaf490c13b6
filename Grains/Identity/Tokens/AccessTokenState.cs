namespace Gatehouse.Grains.Identity.Tokens;

/// <summary>A token's stored form: its SHA-256, never the token.</summary>
public sealed class AccessTokenState
{
    public TokenKind Kind { get; set; }

    public Subject? Subject { get; set; }

    public byte[] Digest { get; set; } = [];

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public bool Revoked { get; set; }

    public string Scope { get; set; } = "all";

    public string? PairedTokenId { get; set; }

    /// <summary>The OAuth2 client the token was issued to; null for login and device tokens.</summary>
    public string? ClientId { get; set; }

    /// <summary>The authorization code (its lookup key) the token descends from, if any.</summary>
    public string? GrantId { get; set; }
}
