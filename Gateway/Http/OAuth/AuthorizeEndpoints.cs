using System.Collections.Immutable;
using System.Globalization;
using Gatehouse.Gateway.Http.Authentication;
using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Gateway.Http.Identity;
using Gatehouse.Grains;
using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Identity.OAuth;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Security;

namespace Gatehouse.Gateway.Http.OAuth;

/// <summary>
/// WoTKit's authorization endpoint, <c>/api/oauth/authorize</c> (RFC 6749 §3.1, §4.1.1): GET
/// checks the request with the client's grain and renders the consent page; POST is that page's
/// form. The user logs in on the page itself (there is no browser session to reuse), chooses
/// which of the requested scopes to share (IoT Open), and is sent back with a code or
/// <c>access_denied</c>. The pipeline resolves no credential here: the user authenticates in the
/// form, and a browser's cached Basic credentials must not decide anything.
/// </summary>
public static class AuthorizeEndpoints
{
    private const int MaxStateLength = 1024;

    /// <summary>A form token is good for as long as an authorization code would be.</summary>
    private static readonly TimeSpan FormLifetime = TimeSpan.FromMinutes(10);

    private static readonly string[] RequestParameters =
        ["client_id", "redirect_uri", "response_type", "scope", "state", "code_challenge", "code_challenge_method"];

    public static IEnumerable<GatehouseEndpoint> All { get; } =
    [
        new("oauth.authorize", "GET", ConsentPage.Path, EndpointPrivacy.Public, ApiSurface.WoTKit,
            "OAuth2 authorization endpoint (RFC 6749 §4.1.1; PKCE S256, required for public clients): an HTML page where the user logs in and chooses which requested scopes to share.",
            AuthorizeAsync, Authentication: EndpointAuthentication.Handler, ResponseMediaType: "text/html", ErrorMediaType: "text/html"),
        new("oauth.authorize.consent", "POST", ConsentPage.Path, EndpointPrivacy.Public, ApiSurface.WoTKit,
            "The consent page's form: log in (and give a one-time code when 2FA is on), then Allow (302 to redirect_uri with code and state) or Deny (error=access_denied).",
            ConsentAsync, SuccessStatus: StatusCodes.Status302Found, Authentication: EndpointAuthentication.Handler,
            RequestMediaType: "application/x-www-form-urlencoded", ResponseMediaType: "text/html", ErrorMediaType: "text/html"),
    ];

    private static async Task<IResult> AuthorizeAsync(RequestContext request)
    {
        var query = new OAuthParameters(request.Http.Request.Query);
        // §4.1.2.1: until the client and its redirect URI are known good, errors go on a page.
        if (query.FirstRepeated("client_id", "redirect_uri") is { } repeatedTarget)
        {
            return ConsentPage.Error($"The request gives {repeatedTarget} more than once.");
        }
        if (query["client_id"] is not { } clientId || !IsClientId(clientId))
        {
            return ConsentPage.Error("The request names no valid application (client_id).");
        }
        var codeChallenge = query["code_challenge"];
        var check = await request.Grains.GetGrain<IOAuthClientGrain>(clientId)
            .CheckAuthorizationRequestAsync(query["redirect_uri"], query["scope"], codeChallenge is not null);
        if (check.RedirectUri is not { } redirectUri)
        {
            return ConsentPage.Error(check.ErrorDescription ?? "The application or its redirect URI is not registered.");
        }

        // From here the redirect URI is one the client registered, so errors go back to it (§4.1.2.1).
        var state = query["state"];
        var problem = RequestProblem(query, codeChallenge, state);
        if (problem is { } p)
        {
            return AuthorizationRedirect.Error(redirectUri, p.Error, p.Description, state is { Length: <= MaxStateLength } ? state : null);
        }
        if (check.Error is { } error)
        {
            return AuthorizationRedirect.Error(redirectUri, error, check.ErrorDescription ?? error, state);
        }
        var pending = new PendingAuthorization(clientId, check.ClientName, redirectUri, query.Has("redirect_uri"), check.Scopes, state, codeChallenge);
        return ConsentPage.PasswordStep(pending, await StartFormAsync(request, pending), pending.Scopes, error: null);
    }

    private static async Task<IResult> ConsentAsync(RequestContext request)
    {
        var form = await OAuthParameters.ReadFormAsync(request.Http.Request);
        if (form?["form_token"] is not { } formToken)
        {
            return ConsentPage.Error("The consent form was not posted as the page sends it.");
        }
        // The token is single-use and bound to the page's request: nothing else in the post is read without it.
        var pending = await request.Grains.GetGrain<IAuthorizationRequestGrain>(SecretDigest.LookupKey(formToken)).TakeAsync(formToken);
        if (pending is null)
        {
            return ConsentPage.Error("This page has expired or was already submitted. Start again from the application.");
        }
        switch (form["decision"])
        {
            case "deny":
                await AuditDeniedAsync(request, pending);
                return AuthorizationRedirect.Error(pending.RedirectUri, "access_denied", "The user denied the request.", pending.State);
            case "allow":
                return pending.UserId is null
                    ? await PasswordStepAsync(request, form, pending)
                    : await SecondFactorStepAsync(request, form, pending);
            default:
                var again = pending with { UserId = null, ChosenScopes = default, SecondFactors = default };
                return ConsentPage.PasswordStep(again, await StartFormAsync(request, again), again.Scopes, "Choose Allow or Deny.", StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> PasswordStepAsync(RequestContext request, OAuthParameters form, PendingAuthorization pending)
    {
        // Only scopes the page offered count; anything else in the post was not the user's choice.
        var chosen = form.All("scope").Where(pending.Scopes.Contains).Distinct(StringComparer.Ordinal).ToImmutableArray();
        async Task<IResult> Again(string message) =>
            ConsentPage.PasswordStep(pending, await StartFormAsync(request, pending), chosen, message, StatusCodes.Status400BadRequest);

        if (chosen.IsEmpty)
        {
            return await Again("Tick at least one permission to share, or choose Deny.");
        }
        if (form["username"] is not { } username || form["password"] is not { } password)
        {
            return await Again("Enter your username and password.");
        }
        var userId = await UserLookup.FindAsync(request.Grains, username);
        if (userId is null)
        {
            var failure = await request.Http.RequestServices.GetRequiredService<CallerResolver>().FailUnknownUserAsync(password, request.SourceAddress);
            return await Again(failure.Failure == AuthenticationFailure.LockedOut ? LockedOut(failure.RetryAfter) : "The username or password is wrong.");
        }
        var grant = Grant(pending, chosen);
        var result = await request.Grains.GetGrain<IUserGrain>(userId)
            .ConsentAsync(new LoginAttempt(password, request.SourceAddress, pending.ClientId, grant.Scope), grant);
        switch (result.Status)
        {
            case LoginStatus.Succeeded:
                return AuthorizationRedirect.To(pending.RedirectUri, ("code", result.Code), ("state", pending.State));
            case LoginStatus.SecondFactorRequired:
                var next = pending with { UserId = userId, ChosenScopes = chosen, SecondFactors = result.SecondFactors.IsDefault ? [] : result.SecondFactors };
                return ConsentPage.SecondFactorStep(next, await StartFormAsync(request, next), result.ChallengeToken!, error: null);
            case LoginStatus.LockedOut:
                return await Again(LockedOut(result.RetryAfter));
            default:
                return await Again(result.Problem ?? "The username or password is wrong.");
        }
    }

    private static async Task<IResult> SecondFactorStepAsync(RequestContext request, OAuthParameters form, PendingAuthorization pending)
    {
        var userId = pending.UserId!;
        var challenge = form["challenge"];
        if (challenge is null || !challenge.StartsWith(userId + ".", StringComparison.Ordinal))
        {
            // The challenge must be the one opened for the user this page logged in.
            return ConsentPage.Error("The login on this page is incomplete. Start again from the application.");
        }
        var code = form["otp"];
        var result = code is null
            ? ConsentResult.Failed
            : await request.Grains.GetGrain<IUserGrain>(userId)
                .CompleteConsentSecondFactorAsync(challenge, code, request.SourceAddress, Grant(pending, pending.ChosenScopes));
        switch (result.Status)
        {
            case LoginStatus.Succeeded:
                return AuthorizationRedirect.To(pending.RedirectUri, ("code", result.Code), ("state", pending.State));
            case LoginStatus.Failed when result.Problem is { } problem:
                var restart = pending with { UserId = null, ChosenScopes = default, SecondFactors = default };
                return ConsentPage.PasswordStep(restart, await StartFormAsync(request, restart), restart.Scopes, problem, StatusCodes.Status400BadRequest);
            default:
                var message = result.Status == LoginStatus.LockedOut ? LockedOut(result.RetryAfter) : "The one-time code is wrong or has expired.";
                return ConsentPage.SecondFactorStep(pending, await StartFormAsync(request, pending), challenge, message);
        }
    }

    /// <summary>A new single-use form token for a page about to be rendered, with the request it shows.</summary>
    private static async Task<string> StartFormAsync(RequestContext request, PendingAuthorization pending)
    {
        var token = SecretGenerator.NewToken();
        var digest = SecretDigest.Compute(token);
        await request.Grains.GetGrain<IAuthorizationRequestGrain>(SecretDigest.LookupKey(digest)).StartAsync(pending, digest, request.Now + FormLifetime);
        return token;
    }

    /// <summary>The request's own faults, reported to the client once its redirect URI is trusted.</summary>
    private static (string Error, string Description)? RequestProblem(OAuthParameters query, string? codeChallenge, string? state)
    {
        if (query.FirstRepeated(RequestParameters) is { } repeated)
        {
            return ("invalid_request", $"The parameter '{repeated}' is given more than once.");
        }
        if (state is { Length: > MaxStateLength })
        {
            return ("invalid_request", $"state may have at most {MaxStateLength} characters.");
        }
        switch (query["response_type"])
        {
            case null:
                return ("invalid_request", "response_type is missing; it must be 'code'.");
            case not "code":
                return ("unsupported_response_type", "Only the authorization code grant is supported: response_type=code.");
        }
        var method = query["code_challenge_method"];
        if (codeChallenge is null)
        {
            return method is null ? null : ("invalid_request", "code_challenge_method was sent without code_challenge.");
        }
        if (method != Pkce.S256)
        {
            // RFC 7636 §4.3 defaults a missing method to "plain", which Gatehouse does not accept.
            return ("invalid_request", "code_challenge_method must be S256 (RFC 7636 §4.2); plain is not accepted.");
        }
        return Pkce.IsValidChallenge(codeChallenge)
            ? null
            : ("invalid_request", "code_challenge must be the 43-character base64url SHA-256 of the code_verifier.");
    }

    private static AuthorizationGrant Grant(PendingAuthorization pending, ImmutableArray<string> chosen) =>
        new(pending.ClientId, pending.RedirectUri, pending.RedirectUriGiven, OAuthScope.Format(chosen), pending.CodeChallenge);

    private static string LockedOut(TimeSpan? retryAfter) =>
        $"Too many failed attempts. Try again in {Math.Max(1, (int)Math.Ceiling((retryAfter ?? TimeSpan.FromMinutes(1)).TotalMinutes)).ToString(CultureInfo.InvariantCulture)} minute(s).";

    private static bool IsClientId(string value) => value.Length == 32 && value.All(char.IsAsciiHexDigitLower);

    private static ValueTask AuditDeniedAsync(RequestContext request, PendingAuthorization pending) =>
        request.Http.RequestServices.GetRequiredService<IAuditLog>().RecordAsync(
            AuditActions.OAuthConsentDenied,
            pending.UserId is { } userId ? AuditActor.Claimed(CredentialKind.Password, null, PrincipalKind.User, userId) : AuditActor.Anonymous,
            "oauthclient", pending.ClientId, null, AuditOutcome.Succeeded, request.SourceAddress,
            ImmutableDictionary<string, string>.Empty.Add("requestedScope", OAuthScope.Format(pending.Scopes)));
}
