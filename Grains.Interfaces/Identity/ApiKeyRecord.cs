using Gatehouse.Grains.Security;

namespace Gatehouse.Grains.Identity;

/// <summary>What an owner's grain tells a new key grain after authorizing its creation.</summary>
public sealed record ApiKeyRecord(
    ApiKeyKind Kind,
    string Name,
    Subject Owner,
    string? AccountId,
    PermissionSet? Scopes,
    bool Elevated,
    byte[] SecretDigest,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    string CreatedBy,
    Audit.AuditActor Creator);
