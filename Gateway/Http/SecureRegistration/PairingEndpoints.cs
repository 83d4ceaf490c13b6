using Gatehouse.Gateway.Http.Authentication;
using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Gateway.Http.Identity;
using Gatehouse.Gateway.Http.OAuth;
using Gatehouse.Grains;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Security;
using Gatehouse.Grains.SecureRegistration;

namespace Gatehouse.Gateway.Http.SecureRegistration;

/// <summary>
/// The pairing page (<see cref="PairingPage"/>): GET renders it, POST is its form. The user logs in
/// on the page itself (there is no browser session), so the pipeline resolves no credential;
/// accounts with two-factor login give their one-time code in a second step, whose login session
/// is ended as soon as the confirmation is made. The PIN finds the request through
/// <see cref="ISecurePinGrain"/>; the request checks PIN and serial digits itself and counts wrong
/// ones. A PIN that finds nothing counts against the source address, as a wrong password does, so
/// PINs cannot be guessed across requests either.
/// </summary>
public static class PairingEndpoints
{
    public static IEnumerable<GatehouseEndpoint> All { get; } =
    [
        new("secure.pair.page", "GET", PairingPage.Path, EndpointPrivacy.Public, ApiSurface.Native,
            "ARTIK secure registration, steps 8 to 14: the HTML page where a user logs in and enters the device's PIN and the last 4 digits of its certificate serial number.",
            PageAsync, Authentication: EndpointAuthentication.Handler, ResponseMediaType: "text/html", ErrorMediaType: "text/html"),
        new("secure.pair.confirm", "POST", PairingPage.Path, EndpointPrivacy.Public, ApiSurface.Native,
            "The pairing page's form: username, password, pin, serial (and a one-time code when 2FA is on). Confirms the request (PENDING_DEVICE_COMPLETION); the device becomes the user's when it completes.",
            ConfirmAsync, Authentication: EndpointAuthentication.Handler,
            RequestMediaType: "application/x-www-form-urlencoded", ResponseMediaType: "text/html", ErrorMediaType: "text/html"),
    ];

    private const string WrongCode = "The PIN or the serial digits are wrong.";
    private const string TooMany = "Too many failed attempts; try again later.";

    private static Task<IResult> PageAsync(RequestContext request) => Task.FromResult<IResult>(PairingPage.Form(error: null));

    private static async Task<IResult> ConfirmAsync(RequestContext request)
    {
        var form = await OAuthParameters.ReadFormAsync(request.Http.Request);
        if (form?["username"] is not { } username || form["pin"] is not { Length: > 0 } pin || form["serial"] is not { Length: > 0 } serial)
        {
            return PairingPage.Form("Enter your username, password, the PIN and the serial digits.", form?["username"], StatusCodes.Status400BadRequest);
        }
        var userId = await UserLookup.FindAsync(request.Grains, username);
        if (form["challenge"] is { } challenge)
        {
            return await SecondFactorAsync(request, userId, username, challenge, form["otp"], pin, serial);
        }
        if (form["password"] is not { } password)
        {
            return PairingPage.Form("Enter your password.", username, StatusCodes.Status400BadRequest);
        }
        AuthenticationResult login = userId is null
            ? await request.Http.RequestServices.GetRequiredService<CallerResolver>().FailUnknownUserAsync(password, request.SourceAddress)
            : await request.Grains.GetGrain<IUserGrain>(userId).AuthenticatePasswordAsync(new LoginAttempt(password, request.SourceAddress));
        if (login.Failure == AuthenticationFailure.SecondFactorRequired)
        {
            // The password was right; a login proper gives the challenge the one-time code answers.
            var started = await request.Grains.GetGrain<IUserGrain>(userId!).LoginAsync(new LoginAttempt(password, request.SourceAddress));
            if (started is { Status: LoginStatus.SecondFactorRequired, ChallengeToken: { } token })
            {
                return PairingPage.SecondFactor(username, token, pin, serial, error: null);
            }
            return PairingPage.Form(started.Status == LoginStatus.LockedOut ? TooMany : "The username or password is wrong.", username, StatusCodes.Status400BadRequest);
        }
        if (login.Caller is not { } user)
        {
            return PairingPage.Form(login.Failure == AuthenticationFailure.LockedOut ? TooMany : "The username or password is wrong.", username, StatusCodes.Status400BadRequest);
        }
        return await ConfirmAsUserAsync(request, user, username, pin, serial);
    }

    private static async Task<IResult> SecondFactorAsync(RequestContext request, string? userId, string username, string challenge, string? otp, string pin, string serial)
    {
        // A challenge names its user; one for another user than the form's is refused unread.
        if (userId is null || !challenge.StartsWith(userId + ".", StringComparison.Ordinal))
        {
            return PairingPage.Form("This login has expired; log in again.", username, StatusCodes.Status400BadRequest);
        }
        if (string.IsNullOrWhiteSpace(otp))
        {
            return PairingPage.SecondFactor(username, challenge, pin, serial, "Enter the one-time code.");
        }
        var login = await request.Grains.GetGrain<IUserGrain>(userId).CompleteSecondFactorAsync(challenge, otp.Trim(), request.SourceAddress);
        if (login is not { Status: LoginStatus.Succeeded, Tokens: { } tokens })
        {
            return PairingPage.Form(login.Status == LoginStatus.LockedOut ? TooMany : "The one-time code is wrong or has expired; log in again.",
                username, StatusCodes.Status400BadRequest);
        }
        var session = request.Grains.GetGrain<IAccessTokenGrain>(SecretDigest.LookupKey(tokens.Access.Token));
        var authenticated = await session.AuthenticateAsync(tokens.Access.Token);
        try
        {
            return authenticated.Caller is { } user
                ? await ConfirmAsUserAsync(request, user, username, pin, serial)
                : PairingPage.Form("The login did not go through; log in again.", username, StatusCodes.Status400BadRequest);
        }
        finally
        {
            // The page needed the user once; the session the login made must not outlive it.
            if (authenticated.Caller is { } caller)
            {
                await session.RevokeAsync(caller);
            }
            else
            {
                await session.RevokeBySubjectAsync(new Subject(PrincipalKind.User, userId));
            }
        }
    }

    private static async Task<IResult> ConfirmAsUserAsync(RequestContext request, Caller user, string username, string pin, string serial)
    {
        IResult Again(string message) => PairingPage.Form(message, username, StatusCodes.Status400BadRequest);

        var throttle = request.SourceAddress is { } source ? request.Grains.GetGrain<ISourceAddressThrottleGrain>(source) : null;
        if (throttle is not null && await throttle.GetRetryAfterAsync() is not null)
        {
            return Again(TooMany);
        }
        var normalized = pin.Trim().ToUpperInvariant();
        var rid = await request.Grains.GetGrain<ISecurePinGrain>(SecretDigest.LookupKey(normalized)).FindAsync();
        if (rid is null)
        {
            if (throttle is not null)
            {
                await throttle.RecordFailureAsync();
            }
            return Again(WrongCode);
        }
        SecureConfirmation result;
        try
        {
            result = await request.Grains.GetGrain<ISecureRegistrationGrain>(rid).ConfirmAsync(user, normalized, serial);
        }
        catch (AccessDeniedException exception)
        {
            // This user may not have such a device (no devices:create, or a private type not theirs): said on the page.
            return PairingPage.Form(exception.Message, username, StatusCodes.Status403Forbidden);
        }
        return result.Outcome switch
        {
            SecureConfirmationOutcome.Confirmed => PairingPage.Paired(result.DeviceTypeName ?? "The device", result.VendorDeviceId ?? ""),
            SecureConfirmationOutcome.WrongCode => Again($"{WrongCode} {result.AttemptsLeft} attempt(s) left."),
            SecureConfirmationOutcome.TooManyAttempts => Again("Too many wrong attempts for this device: restart its registration to get a new PIN."),
            _ => Again("This registration is no longer waiting for you (expired, replaced or already confirmed). Restart it on the device."),
        };
    }
}
