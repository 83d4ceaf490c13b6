using Gatehouse.Grains.Security;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Identity.OAuth;

/// <summary>
/// One registered OAuth2 client (WoTKit "registered application"), keyed by its client_id (32
/// hex digits). Owns its secret's SHA-256, redirect URIs and the scopes it may ask for; decides
/// who may read or revoke it (its owner, system administrators), whether a secret is its own,
/// and whether an authorization request is one it could have made.
/// </summary>
public interface IOAuthClientGrain : IGrainWithStringKey
{
    /// <summary>The caller (a user holding <c>clients:manage</c>) registers a client it will own. The secret is returned once.</summary>
    Task<CreatedOAuthClient> RegisterAsync(Caller caller, OAuthClientSpec spec);

    [ReadOnly]
    Task<OAuthClientView> GetAsync(Caller caller);

    /// <summary>Revokes the client: its secret stops working and every token issued to it fails on its next use.</summary>
    Task RevokeAsync(Caller caller);

    /// <summary>
    /// Checks an authorization request against the registration: the redirect URI exactly, the
    /// scope, PKCE for public clients (RFC 6749 §4.1.2.1, §3.1.2.3; RFC 7636 §4.4.1).
    /// </summary>
    [ReadOnly]
    Task<AuthorizationRequestCheck> CheckAuthorizationRequestAsync(string? redirectUri, string? scope, bool hasCodeChallenge);

    /// <summary>
    /// Client authentication at the token endpoint (RFC 6749 §2.3.1): a confidential client must
    /// present its secret (compared in constant time); a public client must present none. Null
    /// when the client is unknown, revoked or the secret is wrong.
    /// </summary>
    [ReadOnly]
    Task<OAuthClientView?> AuthenticateClientAsync(string? secret);

    /// <summary>Silo-internal: token grains ask on every use, so revoking a client ends its tokens at once.</summary>
    [ReadOnly]
    Task<bool> IsActiveAsync();

    /// <summary>The name users see on the consent page; null when the client is unknown or revoked.</summary>
    [ReadOnly]
    Task<string?> GetActiveNameAsync();
}
