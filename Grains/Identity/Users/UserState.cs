namespace Gatehouse.Grains.Identity.Users;

/// <summary>A user's stored state. Secrets appear only as hashes, digests or ciphertext.</summary>
public sealed class UserState
{
    public string Username { get; set; } = "";

    /// <summary><see cref="Secrets.PasswordHasher"/> format.</summary>
    public string PasswordHash { get; set; } = "";

    public string? DisplayName { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public bool SystemAdmin { get; set; }

    public bool Disabled { get; set; }

    public string? AccountId { get; set; }

    public Security.AccountRole AccountRole { get; set; }

    /// <summary>Operator role name, or application-user role name for application users.</summary>
    public string? RoleName { get; set; }

    public string? ApplicationId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    /// <summary>Consecutive failed password or second-factor attempts.</summary>
    public int FailedAttempts { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>Live session token ids (access and refresh), oldest first.</summary>
    public List<SessionEntry> Sessions { get; set; } = [];

    public List<string> ApiKeyIds { get; set; } = [];

    /// <summary>Digest of the current password-reset token, if one is outstanding.</summary>
    public byte[]? PasswordResetDigest { get; set; }

    public DateTimeOffset? PasswordResetExpiresAt { get; set; }

    public SecondFactorState SecondFactor { get; set; } = new();
}
