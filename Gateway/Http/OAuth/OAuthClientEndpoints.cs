using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Gateway.Http.OAuth.Contracts;
using Gatehouse.Grains.Identity.OAuth;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Security;

namespace Gatehouse.Gateway.Http.OAuth;

/// <summary>OAuth2 clients (WoTKit "registered applications"): registered by a user, who owns them.</summary>
public static class OAuthClientEndpoints
{
    public static IEnumerable<GatehouseEndpoint> All { get; } =
    [
        new("oauth.clients.create", "POST", "/v1/oauth/clients", EndpointPrivacy.Private, ApiSurface.Native,
            "Register an OAuth2 client you own: its name, redirect URIs and the scopes it may ask users for. Returns client_id, and for a confidential client its secret, once.",
            RegisterAsync, typeof(RegisterClientRequest), typeof(RegisteredClientResponse), StatusCodes.Status201Created, Permissions.ClientsManage),
        new("oauth.clients.get", "GET", "/v1/oauth/clients/{clientId}", EndpointPrivacy.Private, ApiSurface.Native,
            "Read an OAuth2 client: its owner or a system administrator. Never its secret.",
            GetAsync, ResponseBody: typeof(OAuthClientView), Permission: Permissions.ClientsManage),
        new("oauth.clients.revoke", "DELETE", "/v1/oauth/clients/{clientId}", EndpointPrivacy.Private, ApiSurface.Native,
            "Revoke an OAuth2 client (its owner or a system administrator): its secret and every token issued to it stop working.",
            RevokeAsync, SuccessStatus: StatusCodes.Status204NoContent, Permission: Permissions.ClientsManage),
    ];

    private static async Task<IResult> RegisterAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<RegisterClientRequest>();
        var clientId = SecretGenerator.NewId();
        var created = await request.Grains.GetGrain<IOAuthClientGrain>(clientId)
            .RegisterAsync(request.Caller, new OAuthClientSpec(body.Name, [.. body.RedirectUris], [.. body.Scopes], body.Confidential));
        return Results.Created($"/v1/oauth/clients/{clientId}", new RegisteredClientResponse(clientId, created.ClientSecret, created.Client));
    }

    private static async Task<IResult> GetAsync(RequestContext request) =>
        Results.Ok(await request.Grains.GetGrain<IOAuthClientGrain>(ClientId(request)).GetAsync(request.Caller));

    private static async Task<IResult> RevokeAsync(RequestContext request)
    {
        await request.Grains.GetGrain<IOAuthClientGrain>(ClientId(request)).RevokeAsync(request.Caller);
        return Results.NoContent();
    }

    private static string ClientId(RequestContext request)
    {
        var id = request.Route("clientId");
        return id.Length == 32 && id.All(char.IsAsciiHexDigitLower) ? id : throw new Grains.ResourceNotFoundException("No such OAuth2 client.");
    }
}
