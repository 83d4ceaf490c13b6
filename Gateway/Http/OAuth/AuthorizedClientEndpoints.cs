using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Gateway.Http.Identity;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Identity.OAuth;
using Gatehouse.Grains.Security;

namespace Gatehouse.Gateway.Http.OAuth;

/// <summary>
/// The OAuth2 clients a user has authorized, from the user's side: what each holds, and taking
/// it back (IoT Open: the user decides what is shared, and can change their mind).
/// </summary>
public static class AuthorizedClientEndpoints
{
    public static IEnumerable<GatehouseEndpoint> All { get; } =
    [
        new("me.oauth-clients.list", "GET", "/v1/me/oauth-clients", EndpointPrivacy.Private, ApiSurface.Native,
            "The OAuth2 clients you authorized that still hold tokens: each one's name, granted scope, sessions and when the last lapses.",
            ListAsync, ResponseBody: typeof(ClientAuthorizationView[]), Permission: Permissions.ProfileRead),
        new("me.oauth-clients.revoke", "DELETE", "/v1/me/oauth-clients/{clientId}", EndpointPrivacy.Private, ApiSurface.Native,
            "Withdraw an authorization: revoke every token your consent gave this client.",
            RevokeAsync, SuccessStatus: StatusCodes.Status204NoContent, Permission: Permissions.ProfileWrite),
    ];

    private static async Task<IResult> ListAsync(RequestContext request)
    {
        var caller = UserEndpoints.RequireUser(request.Caller);
        return Results.Ok(await request.Grains.GetGrain<IUserGrain>(caller.Id).ListClientAuthorizationsAsync(caller));
    }

    private static async Task<IResult> RevokeAsync(RequestContext request)
    {
        var caller = UserEndpoints.RequireUser(request.Caller);
        var clientId = request.Route("clientId");
        if (clientId.Length != 32 || !clientId.All(char.IsAsciiHexDigitLower))
        {
            throw new Grains.ResourceNotFoundException("No such OAuth2 client.");
        }
        await request.Grains.GetGrain<IUserGrain>(caller.Id).RevokeClientAuthorizationAsync(caller, clientId);
        return Results.NoContent();
    }
}
