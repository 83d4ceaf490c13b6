using Gatehouse.Gateway.Http.Authentication;
using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Gateway.Http.Errors;
using Gatehouse.Gateway.Http.Identity.Contracts;
using Gatehouse.Grains;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Security;

namespace Gatehouse.Gateway.Http.Identity;

/// <summary>Login, second factor, refresh, logout and password reset.</summary>
public static class AuthEndpoints
{
    public static IEnumerable<GatehouseEndpoint> All { get; } =
    [
        new("auth.login", "POST", "/v1/auth/login", EndpointPrivacy.Public, ApiSurface.Native,
            "Log in with username and password. Returns tokens, or a second-factor challenge when 2FA is on.",
            LoginAsync, typeof(LoginRequest), typeof(TokenResponse)),
        new("auth.second-factor", "POST", "/v1/auth/login/second-factor", EndpointPrivacy.Public, ApiSurface.Native,
            "Finish a 2FA login with a TOTP, SMS or recovery code.",
            SecondFactorAsync, typeof(SecondFactorRequest), typeof(TokenResponse)),
        new("auth.refresh", "POST", "/v1/auth/refresh", EndpointPrivacy.Public, ApiSurface.Native,
            "Exchange a refresh token for a new access and refresh token. The old pair is revoked.",
            RefreshAsync, typeof(RefreshRequest), typeof(TokenResponse)),
        new("auth.logout", "POST", "/v1/auth/logout", EndpointPrivacy.Private, ApiSurface.Native,
            "Revoke the access token of this request and its refresh token.",
            LogoutAsync, SuccessStatus: StatusCodes.Status204NoContent),
        new("auth.logout-all", "POST", "/v1/auth/logout-all", EndpointPrivacy.Private, ApiSurface.Native,
            "Revoke every session of the calling user.",
            LogoutAllAsync, SuccessStatus: StatusCodes.Status204NoContent, Permission: Permissions.ProfileWrite),
        new("auth.password-reset", "POST", "/v1/auth/password-reset", EndpointPrivacy.Public, ApiSurface.Native,
            "Set a new password with a reset token from an administrator. Ends every session.",
            PasswordResetAsync, typeof(PasswordResetRequest), SuccessStatus: StatusCodes.Status204NoContent),
    ];

    private static async Task<IResult> LoginAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<LoginRequest>();
        var userId = await UserLookup.FindAsync(request.Grains, body.Username);
        if (userId is null)
        {
            var failure = await request.Http.RequestServices.GetRequiredService<CallerResolver>().FailUnknownUserAsync(body.Password, request.SourceAddress);
            return failure.Failure == AuthenticationFailure.LockedOut
                ? LoginOutcome(request, new LoginResult(LoginStatus.LockedOut, RetryAfter: failure.RetryAfter))
                : InvalidLogin(request);
        }
        var result = await request.Grains.GetGrain<IUserGrain>(userId)
            .LoginAsync(new LoginAttempt(body.Password, request.SourceAddress, Scope: body.Scope ?? "all"));
        return LoginOutcome(request, result);
    }

    private static async Task<IResult> SecondFactorAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<SecondFactorRequest>();
        // Challenge tokens are "{userId}.{secret}", so they route to the user who opened them.
        var dot = body.ChallengeToken.IndexOf('.');
        if (dot <= 0)
        {
            return InvalidLogin(request);
        }
        var result = await request.Grains.GetGrain<IUserGrain>(body.ChallengeToken[..dot])
            .CompleteSecondFactorAsync(body.ChallengeToken, body.Code, request.SourceAddress);
        return LoginOutcome(request, result);
    }

    private static async Task<IResult> RefreshAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<RefreshRequest>();
        // Login sessions only (no client): a refresh token issued to an OAuth2 client is redeemed
        // at POST /api/oauth/token with that client's authentication (RFC 6749 §6).
        var redeemed = await request.Grains.GetGrain<IAccessTokenGrain>(Grains.Identity.Secrets.SecretDigest.LookupKey(body.RefreshToken))
            .RedeemRefreshAsync(body.RefreshToken, clientId: null);
        if (redeemed is null || redeemed.Subject.Kind is not (PrincipalKind.User or PrincipalKind.ApplicationUser))
        {
            return ErrorResponder.Error(request.Endpoint.Surface, StatusCodes.Status401Unauthorized, "Unauthorized", "The refresh token is not valid.");
        }
        // The new pair keeps the old one's scope: refreshing never widens a session.
        var pair = await request.Grains.GetGrain<IUserGrain>(redeemed.Subject.Id).RefreshSessionAsync(redeemed.Scope, null);
        return pair is null
            ? ErrorResponder.Error(request.Endpoint.Surface, StatusCodes.Status401Unauthorized, "Unauthorized", "The user behind this refresh token is disabled or gone.")
            : Results.Ok(ToResponse(pair, redeemed.Subject.Id, request.Now));
    }

    private static async Task<IResult> LogoutAsync(RequestContext request)
    {
        var caller = request.Caller;
        if (caller.Credential != CredentialKind.AccessToken || caller.CredentialId is null)
        {
            throw new InvalidRequestException("Logout ends a token session; this request did not use an access token. Revoke keys at DELETE /v1/keys/{keyId}.");
        }
        await request.Grains.GetGrain<IAccessTokenGrain>(caller.CredentialId).RevokeAsync(caller);
        return Results.NoContent();
    }

    private static async Task<IResult> LogoutAllAsync(RequestContext request)
    {
        var caller = request.Caller;
        if (caller.Kind is not (PrincipalKind.User or PrincipalKind.ApplicationUser))
        {
            throw new InvalidRequestException("Only users have sessions.");
        }
        await request.Grains.GetGrain<IUserGrain>(caller.Id).LogoutEverywhereAsync(caller);
        return Results.NoContent();
    }

    private static async Task<IResult> PasswordResetAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<PasswordResetRequest>();
        var dot = body.ResetToken.IndexOf('.');
        if (dot <= 0)
        {
            throw new NotAuthenticatedException("The password-reset token is unknown, used or expired.");
        }
        await request.Grains.GetGrain<IUserGrain>(body.ResetToken[..dot]).CompletePasswordResetAsync(body.ResetToken, body.NewPassword);
        return Results.NoContent();
    }

    private static IResult LoginOutcome(RequestContext request, LoginResult result) => result.Status switch
    {
        LoginStatus.Succeeded => Results.Ok(ToResponse(result.Tokens!, result.UserId!, request.Now)),
        LoginStatus.SecondFactorRequired => Results.Ok(new SecondFactorChallengeResponse(true, result.ChallengeToken!, result.SecondFactors)),
        LoginStatus.LockedOut => ErrorResponder.Error(request.Endpoint.Surface, StatusCodes.Status429TooManyRequests, "Too many attempts",
            "Too many failed logins; retry later.", result.RetryAfter),
        _ => InvalidLogin(request),
    };

    private static IResult InvalidLogin(RequestContext request) =>
        ErrorResponder.Error(request.Endpoint.Surface, StatusCodes.Status401Unauthorized, "Unauthorized", "The username or password is wrong.");

    internal static TokenResponse ToResponse(TokenPair pair, string userId, DateTimeOffset now) => new(
        pair.Access.Token, "bearer", (long)(pair.Access.ExpiresAt - now).TotalSeconds,
        pair.Refresh.Token, pair.Scope, userId);
}
