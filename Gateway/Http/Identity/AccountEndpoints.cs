using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Gateway.Http.Identity.Contracts;
using Gatehouse.Grains.Accounts;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Security;

namespace Gatehouse.Gateway.Http.Identity;

/// <summary>EVRYTHNG accounts: operator roles and operators.</summary>
public static class AccountEndpoints
{
    public static IEnumerable<GatehouseEndpoint> All { get; } =
    [
        new("accounts.create", "POST", "/v1/accounts", EndpointPrivacy.Admin, ApiSurface.Native,
            "Create an account with an existing user as its administrator.",
            CreateAsync, typeof(CreateAccountRequest), typeof(AccountView), StatusCodes.Status201Created, Permissions.AccountsCreate),
        new("accounts.get", "GET", "/v1/accounts/{accountId}", EndpointPrivacy.Private, ApiSurface.Native,
            "Read an account: its administrator, operators and applications.",
            GetAsync, ResponseBody: typeof(AccountView), Permission: Permissions.AccountsRead),
        new("accounts.roles.list", "GET", "/v1/accounts/{accountId}/roles", EndpointPrivacy.Private, ApiSurface.Native,
            "List the account's operator roles.",
            ListRolesAsync, ResponseBody: typeof(RoleView[]), Permission: Permissions.RolesRead),
        new("accounts.roles.put", "PUT", "/v1/accounts/{accountId}/roles/{role}", EndpointPrivacy.Private, ApiSurface.Native,
            "Create or replace an operator role: a named set of permissions. Operators holding it see the change on their next request.",
            PutRoleAsync, typeof(PutRoleRequest), typeof(RoleView), Permission: Permissions.RolesManage),
        new("accounts.roles.delete", "DELETE", "/v1/accounts/{accountId}/roles/{role}", EndpointPrivacy.Private, ApiSurface.Native,
            "Delete an operator role no operator holds.",
            DeleteRoleAsync, SuccessStatus: StatusCodes.Status204NoContent, Permission: Permissions.RolesManage),
        new("accounts.operators.put", "PUT", "/v1/accounts/{accountId}/operators/{userId}", EndpointPrivacy.Private, ApiSurface.Native,
            "Make a user an operator of the account with a role, or change their role.",
            AssignOperatorAsync, typeof(AssignRoleRequest), SuccessStatus: StatusCodes.Status204NoContent, Permission: Permissions.OperatorsManage),
        new("accounts.operators.delete", "DELETE", "/v1/accounts/{accountId}/operators/{userId}", EndpointPrivacy.Private, ApiSurface.Native,
            "Remove an operator from the account.",
            RemoveOperatorAsync, SuccessStatus: StatusCodes.Status204NoContent, Permission: Permissions.OperatorsManage),
    ];

    private static async Task<IResult> CreateAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<CreateAccountRequest>();
        var account = await request.Grains.GetGrain<IAccountGrain>(SecretGenerator.NewId()).CreateAsync(request.Caller, body.Name, body.AdministratorId);
        return Results.Created($"/v1/accounts/{account.Id}", account);
    }

    private static async Task<IResult> GetAsync(RequestContext request) =>
        Results.Ok(await Account(request).GetAsync(request.Caller));

    private static async Task<IResult> ListRolesAsync(RequestContext request) =>
        Results.Ok(await Account(request).ListRolesAsync(request.Caller));

    private static async Task<IResult> PutRoleAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<PutRoleRequest>();
        return Results.Ok(await Account(request).PutRoleAsync(request.Caller, new RoleView(request.Route("role"), body.Permissions, body.Description)));
    }

    private static async Task<IResult> DeleteRoleAsync(RequestContext request)
    {
        await Account(request).DeleteRoleAsync(request.Caller, request.Route("role"));
        return Results.NoContent();
    }

    private static async Task<IResult> AssignOperatorAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<AssignRoleRequest>();
        await Account(request).AssignOperatorAsync(request.Caller, request.Route("userId"), body.Role);
        return Results.NoContent();
    }

    private static async Task<IResult> RemoveOperatorAsync(RequestContext request)
    {
        await Account(request).RemoveOperatorAsync(request.Caller, request.Route("userId"));
        return Results.NoContent();
    }

    private static IAccountGrain Account(RequestContext request) => request.Grains.GetGrain<IAccountGrain>(request.Route("accountId"));
}
