using System.Collections.Immutable;

namespace Gatehouse.Grains.Identity.OAuth;

/// <summary>
/// A client's verdict on an authorization request (RFC 6749 §4.1.2.1). When
/// <see cref="RedirectUri"/> is null the client is unknown or the redirect URI is not one it
/// registered: the user must be told on an error page and never be redirected. Otherwise errors
/// go back to the client at <see cref="RedirectUri"/> as <see cref="Error"/>.
/// </summary>
/// <param name="RedirectUri">Where to send the user: the request's URI, or the only registered one when the request named none.</param>
/// <param name="Scopes">The scope to ask the user for: the request's, or the client's registered scopes when it named none (§3.3).</param>
public sealed record AuthorizationRequestCheck(
    string? RedirectUri,
    string ClientName,
    ImmutableArray<string> Scopes,
    string? Error = null,
    string? ErrorDescription = null)
{
    public static AuthorizationRequestCheck NoRedirect(string description) => new(null, "", [], "invalid_request", description);
}
