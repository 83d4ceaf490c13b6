namespace Gatehouse.Grains.Identity.OAuth;

/// <summary>An authorization code's stored form: its SHA-256, what it is bound to, and whether it was used.</summary>
public sealed class AuthorizationCodeState
{
    public AuthorizationGrant? Grant { get; set; }

    public Subject? Subject { get; set; }

    public byte[] Digest { get; set; } = [];

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Kept after use, so a replay is recognised as one and the tokens issued from it revoked.</summary>
    public bool Redeemed { get; set; }
}
