using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Gateway.Http.Identity.Contracts;
using Gatehouse.Grains.Accounts;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Security;

namespace Gatehouse.Gateway.Http.Identity;

/// <summary>EVRYTHNG applications, their keys, application users and application-user roles.</summary>
public static class ApplicationEndpoints
{
    public static IEnumerable<GatehouseEndpoint> All { get; } =
    [
        new("applications.create", "POST", "/v1/accounts/{accountId}/applications", EndpointPrivacy.Private, ApiSurface.Native,
            "Create an application in an account. Returns its public application key and its secret trusted-application key, once.",
            CreateAsync, typeof(CreateApplicationRequest), typeof(CreatedApplication), StatusCodes.Status201Created, Permissions.ApplicationsManage),
        new("applications.get", "GET", "/v1/applications/{applicationId}", EndpointPrivacy.Private, ApiSurface.Native,
            "Read an application (its own keys, or the account's administrators).",
            GetAsync, ResponseBody: typeof(ApplicationView), Permission: Permissions.ApplicationsRead),
        new("applications.users.create", "POST", "/v1/applications/{applicationId}/users", EndpointPrivacy.Private, ApiSurface.Native,
            "Create an application user; returns their application-user API key once. The public application key may do this.",
            CreateUserAsync, typeof(CreateApplicationUserRequest), typeof(CreatedApplicationUser), StatusCodes.Status201Created, Permissions.AppUsersCreate),
        new("applications.roles.list", "GET", "/v1/applications/{applicationId}/roles", EndpointPrivacy.Private, ApiSurface.Native,
            "List the application-user roles.",
            ListRolesAsync, ResponseBody: typeof(RoleView[]), Permission: Permissions.RolesRead),
        new("applications.roles.put", "PUT", "/v1/applications/{applicationId}/roles/{role}", EndpointPrivacy.Private, ApiSurface.Native,
            "Create or replace an application-user role, narrowing what its users see.",
            PutRoleAsync, typeof(PutRoleRequest), typeof(RoleView), Permission: Permissions.RolesManage),
        new("applications.users.role", "PUT", "/v1/applications/{applicationId}/users/{userId}/role", EndpointPrivacy.Private, ApiSurface.Native,
            "Give an application user another application-user role.",
            AssignRoleAsync, typeof(AssignRoleRequest), SuccessStatus: StatusCodes.Status204NoContent, Permission: Permissions.AppUsersManage),
    ];

    private static async Task<IResult> CreateAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<CreateApplicationRequest>();
        var created = await request.Grains.GetGrain<IApplicationGrain>(SecretGenerator.NewId()).CreateAsync(request.Caller, request.Route("accountId"), body.Name);
        return Results.Created($"/v1/applications/{created.Application.Id}", created);
    }

    private static async Task<IResult> GetAsync(RequestContext request) =>
        Results.Ok(await Application(request).GetAsync(request.Caller));

    private static async Task<IResult> CreateUserAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<CreateApplicationUserRequest>();
        var created = await Application(request).CreateUserAsync(request.Caller, body.Username, body.Password, body.Role);
        return Results.Created($"/v1/users/{created.User.Id}", created);
    }

    private static async Task<IResult> ListRolesAsync(RequestContext request) =>
        Results.Ok(await Application(request).ListUserRolesAsync(request.Caller));

    private static async Task<IResult> PutRoleAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<PutRoleRequest>();
        return Results.Ok(await Application(request).PutUserRoleAsync(request.Caller, new RoleView(request.Route("role"), body.Permissions, body.Description)));
    }

    private static async Task<IResult> AssignRoleAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<AssignRoleRequest>();
        await Application(request).AssignUserRoleAsync(request.Caller, request.Route("userId"), body.Role);
        return Results.NoContent();
    }

    private static IApplicationGrain Application(RequestContext request) => request.Grains.GetGrain<IApplicationGrain>(request.Route("applicationId"));
}
