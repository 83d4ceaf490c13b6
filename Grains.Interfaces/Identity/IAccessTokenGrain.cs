using Gatehouse.Grains.Security;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Identity;

/// <summary>
/// One issued token, keyed by <c>SecretDigest.LookupKey(token)</c>, so the database holds no
/// token, only its SHA-256. Revoking it takes effect on the next request.
/// </summary>
public interface IAccessTokenGrain : IGrainWithStringKey
{
    /// <summary>Silo-internal: records a token its subject's grain has just issued.</summary>
    Task IssueAsync(TokenRecord record);

    /// <summary>
    /// Checks <paramref name="token"/> and, for access and device tokens, returns its subject as a
    /// caller. <paramref name="clientCertificate"/>: the thumbprint of the request's TLS client
    /// certificate; a secure device's subject throws <see cref="AccessDeniedException"/> without its own.
    /// </summary>
    [ReadOnly]
    Task<AuthenticationResult> AuthenticateAsync(string token, string? clientCertificate = null);

    /// <summary>
    /// Silo-internal: checks a refresh token and, if it is live and was issued to
    /// <paramref name="clientId"/> (null: a login session, no client), revokes it and its access
    /// token and returns what the new pair must carry. A refresh token is redeemed only by the
    /// client it was issued to (RFC 6749 §6); a mismatch leaves it untouched. A
    /// <paramref name="scope"/> narrows the new pair; asking for more than was granted throws
    /// <see cref="InvalidRequestException"/> before anything is revoked.
    /// </summary>
    Task<RedeemedRefresh?> RedeemRefreshAsync(string token, string? clientId, string? scope = null);

    /// <summary>Revokes this token (and its pair). The subject itself, or an administrator of it, may.</summary>
    Task RevokeAsync(Caller caller);

    /// <summary>Silo-internal: revokes this token and its pair on behalf of the subject's grain (logout everywhere, password change).</summary>
    Task RevokeBySubjectAsync(Subject subject);

    /// <summary>Silo-internal: the paired token was revoked; revoke this one without calling back.</summary>
    Task RevokeAsPairAsync();

    Task<TokenView> GetAsync(Caller caller);

    /// <summary>
    /// Silo-internal: tells <paramref name="observer"/> when this token is revoked (by anyone, as a
    /// pair, by its subject), or renews its watch. A gateway holding a live channel on the token
    /// calls this after authenticating, and again at a third of <see cref="CredentialWatch.Lifetime"/>.
    /// </summary>
    Task<CredentialWatch> WatchAsync(ICredentialObserver observer);

    Task UnwatchAsync(ICredentialObserver observer);
}
