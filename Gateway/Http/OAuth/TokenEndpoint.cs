using System.Collections.Immutable;
using Gatehouse.Gateway.Http.Authentication;
using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Gateway.Http.Identity;
using Gatehouse.Gateway.Http.OAuth.Contracts;
using Gatehouse.Grains;
using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Identity.OAuth;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Security;

namespace Gatehouse.Gateway.Http.OAuth;

/// <summary>
/// WoTKit's token endpoint, <c>POST /api/oauth/token</c> (RFC 6749 §3.2): the authorization code,
/// password and refresh token grants for an authenticated client. Tokens issued here are ordinary
/// access tokens carrying the client's id and the granted scope; they work on every endpoint.
/// </summary>
public static class TokenEndpoint
{
    private const string FormMediaType = "application/x-www-form-urlencoded";

    /// <summary>Every parameter this endpoint reads; each may appear once (§3.2).</summary>
    private static readonly string[] Parameters =
        ["grant_type", "client_id", "client_secret", "code", "redirect_uri", "code_verifier", "username", "password", "refresh_token", "scope"];

    public static IEnumerable<GatehouseEndpoint> All { get; } =
    [
        new("oauth.token", "POST", "/api/oauth/token", EndpointPrivacy.Public, ApiSurface.WoTKit,
            "OAuth2 token endpoint (RFC 6749): grant_type authorization_code (with PKCE), password (WoTKit) or refresh_token, for a client authenticated by HTTP Basic or client_id/client_secret.",
            TokenAsync, typeof(OAuthTokenRequest), typeof(OAuthTokenResponse),
            Authentication: EndpointAuthentication.Handler, RequestMediaType: FormMediaType, ErrorMediaType: "application/json"),
    ];

    private static async Task<IResult> TokenAsync(RequestContext request)
    {
        var form = await OAuthParameters.ReadFormAsync(request.Http.Request);
        if (form is null)
        {
            return OAuthJsonResult.Error("invalid_request", $"The token endpoint reads an {FormMediaType} body (RFC 6749 §3.2).");
        }
        if (form.FirstRepeated(Parameters) is { } repeated)
        {
            return OAuthJsonResult.Error("invalid_request", $"The parameter '{repeated}' is given more than once.");
        }
        var (credentials, error) = await ClientCredentials.ReadAsync(request.Http.Request, form);
        if (credentials is null)
        {
            return error!;
        }
        var client = IsClientId(credentials.ClientId)
            ? await request.Grains.GetGrain<IOAuthClientGrain>(credentials.ClientId).AuthenticateClientAsync(credentials.Secret)
            : null;
        if (client is null)
        {
            await AuditClientFailureAsync(request, credentials);
            return OAuthJsonResult.Error("invalid_client", "Client authentication failed: unknown or revoked client, or a wrong client secret.");
        }

        try
        {
            var result = form["grant_type"] switch
            {
                null => GrantResult.Fail("invalid_request", "grant_type is missing."),
                "authorization_code" => await AuthorizationCodeAsync(request, form, client),
                "password" => await PasswordAsync(request, form, client),
                "refresh_token" => await RefreshAsync(request, form, client),
                _ => GrantResult.Fail("unsupported_grant_type", "grant_type is authorization_code, password or refresh_token."),
            };
            return result.Tokens is { } tokens
                ? OAuthJsonResult.Tokens(new OAuthTokenResponse(tokens.Access.Token, "bearer", tokens.Refresh.Token,
                    (long)Math.Max(0, (tokens.Access.ExpiresAt - request.Now).TotalSeconds), tokens.Scope))
                : OAuthJsonResult.Error(result.Error!, result.ErrorDescription!);
        }
        catch (InvalidRequestException exception)
        {
            // Thrown for a scope outside the vocabulary, or beyond what a refresh token was granted.
            return OAuthJsonResult.Error("invalid_scope", exception.Message);
        }
    }

    /// <summary>§4.1.3. The code's grain checks the client, the redirect URI and the PKCE verifier.</summary>
    private static async Task<GrantResult> AuthorizationCodeAsync(RequestContext request, OAuthParameters form, OAuthClientView client)
    {
        if (form["code"] is not { } code)
        {
            return GrantResult.Fail("invalid_request", "code is missing.");
        }
        return await request.Grains.GetGrain<IAuthorizationCodeGrain>(SecretDigest.LookupKey(code))
            .RedeemAsync(new CodeExchange(code, client.ClientId, form["redirect_uri"], form["code_verifier"]));
    }

    /// <summary>§4.3.2, as WoTKit documents it: <c>grant_type=password&amp;username=…&amp;password=…&amp;client_id=…&amp;client_secret=…&amp;scope=all</c>.</summary>
    private static async Task<GrantResult> PasswordAsync(RequestContext request, OAuthParameters form, OAuthClientView client)
    {
        if (form["username"] is not { } username || form["password"] is not { } password)
        {
            return GrantResult.Fail("invalid_request", "The password grant needs username and password.");
        }
        var requested = OAuthScope.Parse(form["scope"]);
        if (requested.IsEmpty)
        {
            // §3.3: no scope asked for means the client's registered default.
            requested = client.Scopes;
        }
        if (!OAuthScope.Allows(client.Scopes, requested))
        {
            return GrantResult.Fail("invalid_scope", $"This client may ask only for: {OAuthScope.Format(client.Scopes)}.");
        }
        var userId = await UserLookup.FindAsync(request.Grains, username);
        if (userId is null)
        {
            // As for a wrong password: the decoy KDF and the address throttle, so unknown names cost and count the same.
            var failure = await request.Http.RequestServices.GetRequiredService<CallerResolver>().FailUnknownUserAsync(password, request.SourceAddress);
            return GrantResult.InvalidGrant(failure.Failure == AuthenticationFailure.LockedOut
                ? "Too many failed logins from this address; retry later."
                : "The username or password is wrong.");
        }
        return await request.Grains.GetGrain<IUserGrain>(userId)
            .PasswordGrantAsync(new LoginAttempt(password, request.SourceAddress, client.ClientId, OAuthScope.Format(requested)));
    }

    /// <summary>§6: only the client the refresh token was issued to may redeem it; the new pair keeps (or narrows) its scope.</summary>
    private static async Task<GrantResult> RefreshAsync(RequestContext request, OAuthParameters form, OAuthClientView client)
    {
        if (form["refresh_token"] is not { } refreshToken)
        {
            return GrantResult.Fail("invalid_request", "refresh_token is missing.");
        }
        var redeemed = await request.Grains.GetGrain<IAccessTokenGrain>(SecretDigest.LookupKey(refreshToken))
            .RedeemRefreshAsync(refreshToken, client.ClientId, form["scope"]);
        if (redeemed is null || redeemed.Subject.Kind is not (PrincipalKind.User or PrincipalKind.ApplicationUser))
        {
            return GrantResult.InvalidGrant("The refresh token is unknown, expired, revoked or was issued to another client.");
        }
        var pair = await request.Grains.GetGrain<IUserGrain>(redeemed.Subject.Id).RefreshSessionAsync(redeemed.Scope, client.ClientId, redeemed.GrantId);
        return pair is null
            ? GrantResult.InvalidGrant("The user behind this refresh token is disabled or no longer exists.")
            : GrantResult.Success(pair, redeemed.Subject.Id);
    }

    private static bool IsClientId(string value) => value.Length == 32 && value.All(char.IsAsciiHexDigitLower);

    private static ValueTask AuditClientFailureAsync(RequestContext request, ClientCredentials credentials)
    {
        // The id only when it has the shape of one: whatever else was sent might be a secret pasted in the wrong field.
        var clientId = IsClientId(credentials.ClientId) ? credentials.ClientId : "(malformed)";
        return request.Http.RequestServices.GetRequiredService<IAuditLog>().RecordAsync(
            AuditActions.ClientAuthenticationFailed, AuditActor.Claimed(CredentialKind.None, clientId), "oauthclient", clientId, null,
            AuditOutcome.Failed, request.SourceAddress,
            ImmutableDictionary<string, string>.Empty
                .Add("endpoint", request.Endpoint.Name)
                .Add("presentedIn", credentials.ViaBasic ? "AuthorizationHeader" : "Form"));
    }
}
