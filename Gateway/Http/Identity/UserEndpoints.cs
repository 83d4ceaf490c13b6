using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Gateway.Http.Identity.Contracts;
using Gatehouse.Grains;
using Gatehouse.Grains.Accounts;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Security;

namespace Gatehouse.Gateway.Http.Identity;

/// <summary>The caller's own profile, and users as administrators manage them.</summary>
public static class UserEndpoints
{
    public static IEnumerable<GatehouseEndpoint> All { get; } =
    [
        new("me.get", "GET", "/v1/me", EndpointPrivacy.Private, ApiSurface.Native,
            "Who the caller is, what it may do, and its own user, device or application (left out when the credential's scopes do not allow reading it).",
            GetMeAsync, ResponseBody: typeof(PrincipalResponse)),
        new("me.update", "PATCH", "/v1/me", EndpointPrivacy.Private, ApiSurface.Native,
            "Change the calling user's display name, email or phone.",
            UpdateMeAsync, typeof(UpdateProfileRequest), typeof(UserView), Permission: Permissions.ProfileWrite),
        new("me.password", "PUT", "/v1/me/password", EndpointPrivacy.Private, ApiSurface.Native,
            "Change the calling user's password. Every session ends, this one included.",
            ChangePasswordAsync, typeof(ChangePasswordRequest), SuccessStatus: StatusCodes.Status204NoContent, Permission: Permissions.ProfileWrite),
        new("users.create", "POST", "/v1/users", EndpointPrivacy.Private, ApiSurface.Native,
            "Create a user (users:create: system administrators).",
            CreateAsync, typeof(CreateUserRequest), typeof(UserView), StatusCodes.Status201Created, Permissions.UsersCreate),
        new("users.get", "GET", "/v1/users/{userId}", EndpointPrivacy.Private, ApiSurface.Native,
            "Read a user: the user, their account's administrator, or a system administrator.",
            GetAsync, ResponseBody: typeof(UserView), Permission: Permissions.UsersRead),
        new("users.disable", "POST", "/v1/users/{userId}/disable", EndpointPrivacy.Private, ApiSurface.Native,
            "Disable a user and end their sessions; their keys stop working.",
            req => SetDisabledAsync(req, true), SuccessStatus: StatusCodes.Status204NoContent, Permission: Permissions.UsersManage),
        new("users.enable", "POST", "/v1/users/{userId}/enable", EndpointPrivacy.Private, ApiSurface.Native,
            "Enable a disabled user.",
            req => SetDisabledAsync(req, false), SuccessStatus: StatusCodes.Status204NoContent, Permission: Permissions.UsersManage),
        new("users.unlock", "POST", "/v1/users/{userId}/unlock", EndpointPrivacy.Private, ApiSurface.Native,
            "Clear a user's lockout after failed logins.",
            UnlockAsync, SuccessStatus: StatusCodes.Status204NoContent, Permission: Permissions.UsersManage),
        new("users.password-reset", "POST", "/v1/users/{userId}/password-reset", EndpointPrivacy.Private, ApiSurface.Native,
            "Start a password reset: returns a one-time reset token for the user, valid one hour.",
            BeginResetAsync, ResponseBody: typeof(ResetTokenResponse), Permission: Permissions.UsersManage),
    ];

    private static async Task<IResult> GetMeAsync(RequestContext request)
    {
        var caller = request.Caller;
        object? resource;
        try
        {
            resource = caller.Kind switch
            {
                PrincipalKind.User or PrincipalKind.ApplicationUser => await request.Grains.GetGrain<IUserGrain>(caller.Id).GetAsync(caller),
                PrincipalKind.Device => await request.Grains.GetGrain<IDeviceGrain>(caller.Id).GetAsync(caller),
                PrincipalKind.Application => await request.Grains.GetGrain<IApplicationGrain>(caller.Id).GetAsync(caller),
                _ => null,
            };
        }
        catch (AccessDeniedException)
        {
            // A credential scoped away from reading its own principal still learns who it is and
            // what it may do; only the resource is left out.
            resource = null;
        }
        return Results.Ok(new PrincipalResponse(
            Camel(caller.Kind.ToString()), caller.Id, caller.AccountId, caller.ApplicationId,
            [.. caller.Permissions.Names.Order(StringComparer.Ordinal)], caller.Roles, caller.IsSystemAdmin,
            Camel(caller.Credential.ToString()), caller.KeyKind is { } kind ? Camel(kind.ToString()) : null, resource));
    }

    private static async Task<IResult> UpdateMeAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<UpdateProfileRequest>();
        var caller = RequireUser(request.Caller);
        return Results.Ok(await request.Grains.GetGrain<IUserGrain>(caller.Id).UpdateProfileAsync(caller, body.DisplayName, body.Email, body.Phone));
    }

    private static async Task<IResult> ChangePasswordAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<ChangePasswordRequest>();
        var caller = RequireUser(request.Caller);
        await request.Grains.GetGrain<IUserGrain>(caller.Id).ChangePasswordAsync(caller, body.CurrentPassword, body.NewPassword);
        return Results.NoContent();
    }

    private static async Task<IResult> CreateAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<CreateUserRequest>();
        UsernameKey.Validate(body.Username);
        var user = await request.Grains.GetGrain<IUsernameGrain>(UsernameKey.For(body.Username)).CreateUserAsync(
            request.Caller, new NewUser(body.Username, body.Password, body.DisplayName, body.Email, body.Phone, body.SystemAdmin));
        return Results.Created($"/v1/users/{user.Id}", user);
    }

    private static async Task<IResult> GetAsync(RequestContext request) =>
        Results.Ok(await request.Grains.GetGrain<IUserGrain>(request.Route("userId")).GetAsync(request.Caller));

    private static async Task<IResult> SetDisabledAsync(RequestContext request, bool disabled)
    {
        await request.Grains.GetGrain<IUserGrain>(request.Route("userId")).SetDisabledAsync(request.Caller, disabled);
        return Results.NoContent();
    }

    private static async Task<IResult> UnlockAsync(RequestContext request)
    {
        await request.Grains.GetGrain<IUserGrain>(request.Route("userId")).UnlockAsync(request.Caller);
        return Results.NoContent();
    }

    private static async Task<IResult> BeginResetAsync(RequestContext request)
    {
        var issued = await request.Grains.GetGrain<IUserGrain>(request.Route("userId")).BeginPasswordResetAsync(request.Caller);
        return Results.Ok(new ResetTokenResponse(issued.Token, issued.ExpiresAt));
    }

    internal static Caller RequireUser(Caller caller) =>
        caller.Kind is PrincipalKind.User or PrincipalKind.ApplicationUser
            ? caller
            : throw new InvalidRequestException("This endpoint is for users; the caller is a " + caller.Kind + ".");

    internal static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
