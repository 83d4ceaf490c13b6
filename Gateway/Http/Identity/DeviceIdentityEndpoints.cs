using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Gateway.Http.Identity.Contracts;
using Gatehouse.Grains;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Security;

namespace Gatehouse.Gateway.Http.Identity;

/// <summary>Devices as principals: creating one, and issuing its tokens and device keys.</summary>
public static class DeviceIdentityEndpoints
{
    public static IEnumerable<GatehouseEndpoint> All { get; } =
    [
        new("devices.create", "POST", "/v1/devices", EndpointPrivacy.Private, ApiSurface.Native,
            "Create a device owned by the caller (administrators may name another owner).",
            CreateAsync, typeof(CreateDeviceRequest), typeof(DeviceView), StatusCodes.Status201Created, Permissions.DevicesCreate),
        new("devices.get", "GET", "/v1/devices/{deviceId}", EndpointPrivacy.PublicOrPrivate, ApiSurface.Native,
            "Read a device. Public devices: anyone. Private: its owner, users it is shared with, operators of its account, administrators, the device itself.",
            GetAsync, ResponseBody: typeof(DeviceView), Permission: Permissions.DevicesRead),
        new("devices.update", "PATCH", "/v1/devices/{deviceId}", EndpointPrivacy.Private, ApiSurface.Native,
            "Change a device's name, description, properties, location, tags or fields; its owner changes its visibility.",
            UpdateAsync, typeof(UpdateDeviceRequest), typeof(DeviceView), Permission: Permissions.DevicesWrite),
        new("devices.delete", "DELETE", "/v1/devices/{deviceId}", EndpointPrivacy.Private, ApiSurface.Native,
            "Delete a device; its tokens and keys stop working.",
            DeleteAsync, SuccessStatus: StatusCodes.Status204NoContent, Permission: Permissions.DevicesDelete),
        new("devices.shares.put", "PUT", "/v1/devices/{deviceId}/shares/{userId}", EndpointPrivacy.Private, ApiSurface.Native,
            "Share a device with a user for reading or writing (the owner).",
            ShareAsync, typeof(ShareDeviceRequest), typeof(DeviceView), Permission: Permissions.DevicesWrite),
        new("devices.shares.delete", "DELETE", "/v1/devices/{deviceId}/shares/{userId}", EndpointPrivacy.Private, ApiSurface.Native,
            "Stop sharing a device with a user (the owner).",
            UnshareAsync, ResponseBody: typeof(DeviceView), Permission: Permissions.DevicesWrite),
        new("devices.transfer", "POST", "/v1/devices/{deviceId}/transfer", EndpointPrivacy.Private, ApiSurface.Native,
            "Give a device to another user (the owner). Sharing is cleared.",
            TransferAsync, typeof(TransferDeviceRequest), typeof(DeviceView), Permission: Permissions.DevicesWrite),
        new("devices.tokens.create", "POST", "/v1/devices/{deviceId}/tokens", EndpointPrivacy.Private, ApiSurface.Native,
            "Issue a device access token (RFCx guardian token, ARTIK device token), shown once.",
            IssueTokenAsync, typeof(CreateDeviceTokenRequest), typeof(DeviceTokenResponse), StatusCodes.Status201Created, Permissions.DevicesWrite),
        new("devices.keys.create", "POST", "/v1/devices/{deviceId}/keys", EndpointPrivacy.Private, ApiSurface.Native,
            "Create a device API key (EVRYTHNG device key), shown once.",
            CreateKeyAsync, typeof(CreateKeyRequest), typeof(CreatedKeyResponse), StatusCodes.Status201Created, Permissions.KeysCreate),
        new("devices.keys.list", "GET", "/v1/devices/{deviceId}/keys", EndpointPrivacy.Private, ApiSurface.Native,
            "List a device's keys.",
            ListKeysAsync, ResponseBody: typeof(ApiKeyView[]), Permission: Permissions.DevicesRead),
    ];

    private static async Task<IResult> CreateAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<CreateDeviceRequest>();
        var device = await request.Grains.GetGrain<IDeviceGrain>(SecretGenerator.NewId()).CreateAsync(request.Caller, body.ToNewDevice());
        return Results.Created($"/v1/devices/{device.Id}", device);
    }

    private static async Task<IResult> GetAsync(RequestContext request) =>
        Results.Ok(await Device(request).GetAsync(request.Caller));

    private static async Task<IResult> UpdateAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<UpdateDeviceRequest>();
        return Results.Ok(await Device(request).UpdateAsync(request.Caller, body.ToUpdate()));
    }

    private static async Task<IResult> DeleteAsync(RequestContext request)
    {
        await Device(request).DeleteAsync(request.Caller);
        return Results.NoContent();
    }

    private static async Task<IResult> ShareAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<ShareDeviceRequest>();
        return Results.Ok(await Device(request).ShareAsync(request.Caller, request.Route("userId"), body.Access));
    }

    private static async Task<IResult> UnshareAsync(RequestContext request) =>
        Results.Ok(await Device(request).ShareAsync(request.Caller, request.Route("userId"), null));

    private static async Task<IResult> TransferAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<TransferDeviceRequest>();
        return Results.Ok(await Device(request).TransferAsync(request.Caller, body.OwnerId));
    }

    private static async Task<IResult> IssueTokenAsync(RequestContext request)
    {
        var body = request.HasBody ? await request.ReadJsonAsync<CreateDeviceTokenRequest>() : new CreateDeviceTokenRequest();
        var lifetime = body.ExpiresInSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var issued = await Device(request).IssueTokenAsync(request.Caller, lifetime);
        return Results.Created($"/v1/tokens/{issued.TokenId}", new DeviceTokenResponse(issued.Token, issued.TokenId, issued.ExpiresAt));
    }

    private static async Task<IResult> CreateKeyAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<CreateKeyRequest>();
        if (body.UserId is not null)
        {
            throw new InvalidRequestException("A device key belongs to its device; leave out userId.");
        }
        var created = await Device(request).CreateKeyAsync(request.Caller, new ApiKeySpec(body.Name, [.. body.Scopes ?? []], body.ExpiresAt, body.Elevated));
        return Results.Created($"/v1/keys/{created.View.Id}", KeyEndpoints.ToResponse(created));
    }

    private static async Task<IResult> ListKeysAsync(RequestContext request) =>
        Results.Ok(await Device(request).ListKeysAsync(request.Caller));

    private static IDeviceGrain Device(RequestContext request) => request.Grains.GetGrain<IDeviceGrain>(request.Route("deviceId"));
}
