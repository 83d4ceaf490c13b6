using Gatehouse.Runtime;

namespace Gatehouse.Grains.Identity;

/// <summary>
/// What a token or key grain answers to a watch: whether the credential is live at all (it may
/// have been revoked between authentication and the watch), when it expires, and how long the
/// watch lasts unless renewed (<see cref="Lifetime"/>; watchers renew at a third of it).
/// Watches live in the credential grain's memory only: a deactivated grain forgets them until
/// the next renewal, which is why gateways also re-authenticate periodically.
/// </summary>
[Immutable]
public sealed record CredentialWatch(bool Live, DateTimeOffset? ExpiresAt)
{
    /// <summary>How long a watch lasts unless renewed: two minutes.</summary>
    public static TimeSpan Lifetime { get; } = TimeSpan.FromMinutes(2);

    public static CredentialWatch Ended { get; } = new(false, null);
}
