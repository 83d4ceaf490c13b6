namespace Gatehouse.Gateway.Http.Authentication;

/// <summary>The shape of a presented credential; what it proves is for the credential's grain to decide.</summary>
public enum PresentedCredentialKind
{
    /// <summary>The request carries no credential: it runs as the anonymous caller.</summary>
    None,

    /// <summary>An opaque token: <c>Authorization: Bearer</c> or <c>access_token</c> (an access token or an API key).</summary>
    Bearer,

    /// <summary>An id and a secret from <c>Authorization: Basic</c>: a username and password, or an API key id and secret.</summary>
    Basic,

    /// <summary>An RFCx principal: <c>type/guid</c> and a token, from <c>x-auth-user</c>/<c>x-auth-token</c> or <c>auth_user</c>/<c>auth_token</c>.</summary>
    Principal,
}
