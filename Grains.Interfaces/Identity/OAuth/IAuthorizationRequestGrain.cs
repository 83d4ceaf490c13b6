using Gatehouse.Runtime;

namespace Gatehouse.Grains.Identity.OAuth;

/// <summary>
/// The consent page's anti-forgery form token, keyed by <c>SecretDigest.LookupKey(token)</c>:
/// a 256-bit random value rendered into one page, bound to that page's request, usable once
/// and for ten minutes. A form post without a live token is refused before anything else is
/// read, so another site cannot post a consent on the user's behalf, and a page cannot be
/// submitted twice.
/// </summary>
public interface IAuthorizationRequestGrain : IGrainWithStringKey
{
    /// <summary>Silo-internal: the gateway stores the request a page shows, behind the digest of the page's new token.</summary>
    Task StartAsync(PendingAuthorization request, byte[] tokenDigest, DateTimeOffset expiresAt);

    /// <summary>Returns the request and forgets it; null when the token is unknown, used or expired.</summary>
    Task<PendingAuthorization?> TakeAsync(string formToken);
}
