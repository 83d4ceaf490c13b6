namespace Gatehouse.Grains.Identity;

/// <summary>Lifetimes and lockout policy, bound from <c>Gatehouse:Identity</c>.</summary>
public sealed class IdentityOptions
{
    public const string SectionName = "Gatehouse:Identity";

    /// <summary>Login and OAuth access tokens. Default 12 hours, WoTKit's <c>expires_in</c> of about 43,200 s.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Refresh tokens. Default 30 days. Each refresh rotates the pair.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Device tokens when the issuer names no lifetime. Default 365 days.</summary>
    public TimeSpan DeviceTokenLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Consecutive failed logins that lock an account. Default 5.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    /// <summary>First lockout; each further failure after it (attempts while locked are refused uncounted) doubles it. Default 1 minute.</summary>
    public TimeSpan LockoutBase { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest lockout. Default 1 hour.</summary>
    public TimeSpan LockoutMax { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Failed logins from one source address within <see cref="SourceAddressWindow"/> before it is refused. Default 20.</summary>
    public int SourceAddressMaxFailures { get; set; } = 20;

    /// <summary>Sliding window, and block length, for per-address throttling. Default 5 minutes.</summary>
    public TimeSpan SourceAddressWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a second-factor challenge stays open after the password step. Default 5 minutes.</summary>
    public TimeSpan SecondFactorChallengeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an administrator's password-reset token is valid. Default 1 hour.</summary>
    public TimeSpan PasswordResetLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Live sessions kept per user; beyond this the oldest is revoked. Default 100.</summary>
    public int MaxSessionsPerUser { get; set; } = 100;

    /// <summary>How often key usage figures (last used, count) are written. Default 30 seconds; they are also written on deactivation.</summary>
    public TimeSpan KeyUsageFlushInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Failed attempts on one registration or temporary token before it is locked. Default 10.</summary>
    public int MaxTokenGuesses { get; set; } = 10;
}
