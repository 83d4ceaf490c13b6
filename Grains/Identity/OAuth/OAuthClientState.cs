namespace Gatehouse.Grains.Identity.OAuth;

/// <summary>A client's stored form: the SHA-256 of its secret, never the secret.</summary>
public sealed class OAuthClientState
{
    public string Name { get; set; } = "";

    public string OwnerId { get; set; } = "";

    public string? AccountId { get; set; }

    public List<string> RedirectUris { get; set; } = [];

    public List<string> Scopes { get; set; } = [];

    public bool Confidential { get; set; }

    /// <summary>SHA-256 of the client secret; null for public clients.</summary>
    public byte[]? SecretDigest { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public bool Revoked { get; set; }
}
