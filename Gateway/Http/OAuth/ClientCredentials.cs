using Gatehouse.Gateway.Http.Authentication;

namespace Gatehouse.Gateway.Http.OAuth;

/// <summary>
/// How a client authenticated at the token endpoint (RFC 6749 §2.3.1): HTTP Basic with its id
/// and secret, each form-urlencoded before base64, or <c>client_id</c> and <c>client_secret</c>
/// in the body; a public client sends only <c>client_id</c>. One method per request.
/// <para>
/// The endpoint authenticates in its handler (<see cref="Endpoints.EndpointAuthentication.Handler"/>),
/// so the pipeline never takes this Basic header for a user's name and password. Any other
/// credential (a bearer token, an RFCx principal, <c>access_token</c>) is refused: the token
/// endpoint authenticates clients, not users or keys, and a stray token must not be ignored silently.
/// </para>
/// </summary>
public sealed record ClientCredentials(string ClientId, string? Secret, bool ViaBasic)
{
    /// <summary>The client's credentials, or the RFC 6749 §5.2 error to answer with.</summary>
    public static async Task<(ClientCredentials? Credentials, OAuthJsonResult? Error)> ReadAsync(HttpRequest request, OAuthParameters form)
    {
        var extraction = await CredentialExtractor.ExtractAsync(request, request.HttpContext.RequestAborted);
        if (!extraction.Succeeded)
        {
            var error = extraction.Error!;
            return (null, OAuthJsonResult.Error(
                error.Reason == CredentialErrorReason.UnsupportedAuthorizationScheme ? "invalid_client" : "invalid_request", error.Message));
        }
        var presented = extraction.Credential;
        switch (presented.Kind)
        {
            case PresentedCredentialKind.None:
                return form["client_id"] is { } id
                    ? (new ClientCredentials(id, form["client_secret"], ViaBasic: false), null)
                    // §5.2 invalid_client: "no client authentication included".
                    : (null, OAuthJsonResult.Error("invalid_client", "The client did not authenticate: send HTTP Basic with client_id and client_secret, or client_id (and client_secret) in the body."));
            case PresentedCredentialKind.Basic when presented.Source == CredentialSource.AuthorizationHeader:
                if (form.Has("client_secret"))
                {
                    // §2.3: "The client MUST NOT use more than one authentication method in each request."
                    return (null, OAuthJsonResult.Error("invalid_request", "The client authenticated twice: with HTTP Basic and with client_secret in the body. Use one."));
                }
                var basicId = FormDecode(presented.Id);
                if (form["client_id"] is { } bodyId && bodyId != basicId)
                {
                    return (null, OAuthJsonResult.Error("invalid_request", "client_id in the body differs from the client in HTTP Basic."));
                }
                return (new ClientCredentials(basicId, FormDecode(presented.Secret), ViaBasic: true), null);
            default:
                return (null, OAuthJsonResult.Error("invalid_request",
                    $"The token endpoint authenticates OAuth2 clients (HTTP Basic with client_id and client_secret, or those fields in the body), not users or keys: remove the {Describe(presented)}."));
        }
    }

    /// <summary>§2.3.1: the id and secret are application/x-www-form-urlencoded before they go into Basic.</summary>
    private static string FormDecode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    private static string Describe(PresentedCredential credential) => credential.Source switch
    {
        CredentialSource.AuthorizationHeader => "Authorization: Bearer header",
        CredentialSource.AuthHeaders => "x-auth-user and x-auth-token headers",
        CredentialSource.Query => "credential in the query string",
        _ => "access_token or auth_user/auth_token fields",
    };
}
