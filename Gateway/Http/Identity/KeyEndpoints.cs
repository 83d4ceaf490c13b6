using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Gateway.Http.Identity.Contracts;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Security;

namespace Gatehouse.Gateway.Http.Identity;

/// <summary>API keys of users (operator and application-user keys) and token revocation by id.</summary>
public static class KeyEndpoints
{
    public static IEnumerable<GatehouseEndpoint> All { get; } =
    [
        new("keys.create", "POST", "/v1/keys", EndpointPrivacy.Private, ApiSurface.Native,
            "Create an API key for yourself (or, as an administrator, for a user). Scopes narrow it; elevated keys need keys:elevate. The secret is shown once.",
            CreateAsync, typeof(CreateKeyRequest), typeof(CreatedKeyResponse), StatusCodes.Status201Created, Permissions.KeysCreate),
        new("keys.list", "GET", "/v1/keys", EndpointPrivacy.Private, ApiSurface.Native,
            "List the caller's own keys (a device lists its device keys).",
            ListAsync, ResponseBody: typeof(ApiKeyView[]), Permission: Permissions.KeysRead),
        new("keys.get", "GET", "/v1/keys/{keyId}", EndpointPrivacy.Private, ApiSurface.Native,
            "Read a key's details, usage count and last use. Never its secret.",
            GetAsync, ResponseBody: typeof(ApiKeyView), Permission: Permissions.KeysRead),
        new("keys.revoke", "DELETE", "/v1/keys/{keyId}", EndpointPrivacy.Private, ApiSurface.Native,
            "Revoke a key. The next request with it fails.",
            RevokeAsync, SuccessStatus: StatusCodes.Status204NoContent, Permission: Permissions.KeysRevoke),
        new("tokens.revoke", "DELETE", "/v1/tokens/{tokenId}", EndpointPrivacy.Private, ApiSurface.Native,
            "Revoke an access, refresh or device token by its id (its owner or a system administrator).",
            RevokeTokenAsync, SuccessStatus: StatusCodes.Status204NoContent),
    ];

    private static async Task<IResult> CreateAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<CreateKeyRequest>();
        var caller = request.Caller;
        var ownerId = body.UserId ?? UserEndpoints.RequireUser(caller).Id;
        var created = await request.Grains.GetGrain<IUserGrain>(ownerId)
            .CreateApiKeyAsync(caller, new ApiKeySpec(body.Name, body.Scopes ?? default, body.ExpiresAt, body.Elevated));
        return Results.Created($"/v1/keys/{created.View.Id}", ToResponse(created));
    }

    private static async Task<IResult> ListAsync(RequestContext request)
    {
        var caller = request.Caller;
        return caller.Kind == PrincipalKind.Device
            ? Results.Ok(await request.Grains.GetGrain<IDeviceGrain>(caller.Id).ListKeysAsync(caller))
            : Results.Ok(await request.Grains.GetGrain<IUserGrain>(UserEndpoints.RequireUser(caller).Id).ListApiKeysAsync(caller));
    }

    private static async Task<IResult> GetAsync(RequestContext request) =>
        Results.Ok(await request.Grains.GetGrain<IApiKeyGrain>(KeyId(request)).GetAsync(request.Caller));

    private static async Task<IResult> RevokeAsync(RequestContext request)
    {
        await request.Grains.GetGrain<IApiKeyGrain>(KeyId(request)).RevokeAsync(request.Caller);
        return Results.NoContent();
    }

    private static async Task<IResult> RevokeTokenAsync(RequestContext request)
    {
        await request.Grains.GetGrain<IAccessTokenGrain>(request.Route("tokenId")).RevokeAsync(request.Caller);
        return Results.NoContent();
    }

    private static string KeyId(RequestContext request)
    {
        var id = request.Route("keyId");
        return ApiKeyId.IsKeyId(id) ? id : throw new Grains.ResourceNotFoundException("No such key.");
    }

    internal static CreatedKeyResponse ToResponse(CreatedApiKey created) => new(created.View.Id, created.Key, created.Secret, created.View);
}
