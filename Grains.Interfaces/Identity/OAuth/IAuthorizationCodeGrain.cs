using Gatehouse.Runtime;

namespace Gatehouse.Grains.Identity.OAuth;

/// <summary>
/// One authorization code (RFC 6749 §4.1.2), keyed by <c>SecretDigest.LookupKey(code)</c>: bound
/// to a client, a redirect URI, a scope, a user and optionally a PKCE challenge; valid ten minutes
/// and once. Redeeming it a second time revokes every token issued from it (§4.1.2, §10.5).
/// </summary>
public interface IAuthorizationCodeGrain : IGrainWithStringKey
{
    /// <summary>Silo-internal: records a code the consenting user's grain has just issued.</summary>
    Task IssueAsync(AuthorizationCodeRecord record);

    /// <summary>Exchanges the code for tokens issued to the client, or says why not.</summary>
    Task<GrantResult> RedeemAsync(CodeExchange exchange);
}
