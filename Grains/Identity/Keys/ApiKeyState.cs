using Gatehouse.Grains.Security;

namespace Gatehouse.Grains.Identity.Keys;

/// <summary>A key's stored state: the secret's SHA-256, never the secret.</summary>
public sealed class ApiKeyState
{
    public ApiKeyKind Kind { get; set; }

    public string Name { get; set; } = "";

    public Subject? Owner { get; set; }

    public string? AccountId { get; set; }

    /// <summary>Null: everything the owner has.</summary>
    public PermissionSet? Scopes { get; set; }

    public bool Elevated { get; set; }

    public byte[] SecretDigest { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public bool Revoked { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public long UsageCount { get; set; }
}
