namespace Gatehouse.Gateway.Http.Authentication;

/// <summary>
/// Why a request's credentials could not be extracted. <see cref="CredentialError.StatusCode"/>
/// gives the status each one should be answered with; docs/authentication.md lists them.
/// </summary>
public enum CredentialErrorReason
{
    /// <summary>Two different credentials, in two places or two ways in one place. 400.</summary>
    ConflictingCredentials,

    /// <summary>The <c>Authorization</c> header is empty, has no scheme, or its credentials are not a token68. 400.</summary>
    MalformedAuthorizationHeader,

    /// <summary>The <c>Authorization</c> header uses a scheme other than Bearer or Basic (Digest, Negotiate, …). 401 with a challenge.</summary>
    UnsupportedAuthorizationScheme,

    /// <summary><c>Basic</c> credentials that are not base64 of UTF-8 <c>id:secret</c> with a non-empty id. 400.</summary>
    MalformedBasicCredentials,

    /// <summary>A bearer token, <c>access_token</c>, <c>x-auth-token</c> or <c>auth_token</c> that is present but empty. 400.</summary>
    EmptyToken,

    /// <summary>One half of an RFCx principal without the other (<c>x-auth-user</c> without <c>x-auth-token</c>, …). 400.</summary>
    IncompletePrincipal,

    /// <summary>An RFCx principal whose type is not <c>guardian</c>, <c>user</c>, <c>token</c> or <c>register</c>. 400.</summary>
    UnknownPrincipalType,

    /// <summary>An RFCx principal that is not <c>type/guid</c> (no slash, empty type or guid, whitespace in the guid). 400.</summary>
    MalformedPrincipal,

    /// <summary>One header, query parameter or form field given more than once. 400.</summary>
    RepeatedParameter,

    /// <summary>An <c>application/x-www-form-urlencoded</c> body that could not be read within the form limits. 400.</summary>
    MalformedForm,
}
