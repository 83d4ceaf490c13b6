namespace Gatehouse.Gateway.Http.Authentication;

/// <summary>
/// Where in the request a credential was found. Kept with every credential because the place
/// matters to operators: a token in a query string ends up in access logs and browser history
/// (RFC 6750 §5.3 advises against it), so audit records say where each credential came from.
/// The order of the members is the order of precedence (docs/authentication.md).
/// </summary>
public enum CredentialSource
{
    /// <summary>No credential was presented.</summary>
    None,

    /// <summary>The <c>Authorization</c> header: <c>Bearer</c> (RFC 6750 §2.1) or <c>Basic</c> (RFC 7617).</summary>
    AuthorizationHeader,

    /// <summary>The RFCx <c>x-auth-user</c> and <c>x-auth-token</c> headers.</summary>
    AuthHeaders,

    /// <summary>The query string: <c>access_token</c> (RFC 6750 §2.3) or RFCx <c>auth_user</c> and <c>auth_token</c>.</summary>
    Query,

    /// <summary>An <c>application/x-www-form-urlencoded</c> body: <c>access_token</c> (RFC 6750 §2.2) or <c>auth_user</c> and <c>auth_token</c>.</summary>
    Form,
}
