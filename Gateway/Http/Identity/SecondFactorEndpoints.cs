using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Gateway.Http.Identity.Contracts;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Security;

namespace Gatehouse.Gateway.Http.Identity;

/// <summary>The calling user's second factors: TOTP (RFC 6238), SMS codes, recovery codes.</summary>
public static class SecondFactorEndpoints
{
    public static IEnumerable<GatehouseEndpoint> All { get; } =
    [
        new("me.2fa.totp.begin", "POST", "/v1/me/2fa/totp", EndpointPrivacy.Private, ApiSurface.Native,
            "Start TOTP enrolment: returns the otpauth URI, the base32 seed and a QR code (SVG and PNG), once.",
            req => WithUser(req, (user, caller) => user.BeginTotpEnrollmentAsync(caller)), ResponseBody: typeof(TotpEnrollmentView), Permission: Permissions.ProfileWrite),
        new("me.2fa.totp.confirm", "POST", "/v1/me/2fa/totp/confirm", EndpointPrivacy.Private, ApiSurface.Native,
            "Confirm TOTP with a current code. Returns recovery codes, once, if the user had none.",
            ConfirmTotpAsync, typeof(SecondFactorCodeRequest), typeof(RecoveryCodesView), Permission: Permissions.ProfileWrite),
        new("me.2fa.sms.begin", "POST", "/v1/me/2fa/sms", EndpointPrivacy.Private, ApiSurface.Native,
            "Send a verification code to the profile phone, to turn on SMS login codes.",
            BeginSmsAsync, SuccessStatus: StatusCodes.Status202Accepted, Permission: Permissions.ProfileWrite),
        new("me.2fa.sms.confirm", "POST", "/v1/me/2fa/sms/confirm", EndpointPrivacy.Private, ApiSurface.Native,
            "Confirm the phone with the code it received; SMS becomes a second factor.",
            ConfirmSmsAsync, typeof(SecondFactorCodeRequest), typeof(RecoveryCodesView), Permission: Permissions.ProfileWrite),
        new("me.2fa.disable", "POST", "/v1/me/2fa/{method}/disable", EndpointPrivacy.Private, ApiSurface.Native,
            "Turn off a second factor ('totp' or 'sms'), proven with a current second-factor code.",
            DisableAsync, typeof(SecondFactorCodeRequest), SuccessStatus: StatusCodes.Status204NoContent, Permission: Permissions.ProfileWrite),
        new("me.2fa.recovery-codes", "POST", "/v1/me/2fa/recovery-codes", EndpointPrivacy.Private, ApiSurface.Native,
            "Replace the recovery codes, proven with a current second-factor code. Returns the new codes once.",
            RegenerateAsync, typeof(SecondFactorCodeRequest), typeof(RecoveryCodesView), Permission: Permissions.ProfileWrite),
    ];

    private static async Task<IResult> ConfirmTotpAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<SecondFactorCodeRequest>();
        return await WithUser(request, (user, caller) => user.ConfirmTotpAsync(caller, body.Code));
    }

    private static async Task<IResult> BeginSmsAsync(RequestContext request)
    {
        var caller = UserEndpoints.RequireUser(request.Caller);
        await request.Grains.GetGrain<IUserGrain>(caller.Id).BeginSmsEnrollmentAsync(caller);
        return Results.Accepted();
    }

    private static async Task<IResult> ConfirmSmsAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<SecondFactorCodeRequest>();
        return await WithUser(request, (user, caller) => user.ConfirmSmsAsync(caller, body.Code));
    }

    private static async Task<IResult> DisableAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<SecondFactorCodeRequest>();
        var caller = UserEndpoints.RequireUser(request.Caller);
        await request.Grains.GetGrain<IUserGrain>(caller.Id).DisableSecondFactorAsync(caller, request.Route("method"), body.Code);
        return Results.NoContent();
    }

    private static async Task<IResult> RegenerateAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<SecondFactorCodeRequest>();
        return await WithUser(request, (user, caller) => user.RegenerateRecoveryCodesAsync(caller, body.Code));
    }

    private static async Task<IResult> WithUser<T>(RequestContext request, Func<IUserGrain, Caller, Task<T>> action)
    {
        var caller = UserEndpoints.RequireUser(request.Caller);
        var result = await action(request.Grains.GetGrain<IUserGrain>(caller.Id), caller);
        return result is null ? Results.NoContent() : Results.Ok(result);
    }
}
