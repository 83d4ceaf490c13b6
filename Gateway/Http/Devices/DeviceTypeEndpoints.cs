using Gatehouse.Gateway.Http.Devices.Contracts;
using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Grains;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Security;

namespace Gatehouse.Gateway.Http.Devices;

/// <summary>Device types (ARTIK's dtid): typed fields that devices created with the type take.</summary>
public static class DeviceTypeEndpoints
{
    public static IEnumerable<GatehouseEndpoint> All { get; } =
    [
        new("device-types.create", "POST", "/v1/device-types", EndpointPrivacy.Private, ApiSurface.Native,
            "Create a device type you own (id: 'dt' and 32 hex digits, drawn or chosen; 409 when taken) with typed fields; public types may be used by anyone.",
            CreateAsync, typeof(CreateDeviceTypeRequest), typeof(DeviceTypeView), StatusCodes.Status201Created, Permissions.DevicesCreate),
        new("device-types.get", "GET", "/v1/device-types/{typeId}", EndpointPrivacy.PublicOrPrivate, ApiSurface.Native,
            "Read a device type. Public types: anyone; private: its owner, operators of its account, administrators.",
            GetAsync, ResponseBody: typeof(DeviceTypeView), Permission: Permissions.DevicesRead),
        new("device-types.update", "PATCH", "/v1/device-types/{typeId}", EndpointPrivacy.Private, ApiSurface.Native,
            "Change a device type's name, description, fields or visibility (its owner). Existing devices keep the fields they took.",
            UpdateAsync, typeof(UpdateDeviceTypeRequest), typeof(DeviceTypeView), Permission: Permissions.DevicesWrite),
        new("device-types.delete", "DELETE", "/v1/device-types/{typeId}", EndpointPrivacy.Private, ApiSurface.Native,
            "Delete a device type (its owner). Its devices keep their typeId and fields; no new device may name it.",
            DeleteAsync, SuccessStatus: StatusCodes.Status204NoContent, Permission: Permissions.DevicesDelete),
        new("device-types.trust.set", "PUT", "/v1/device-types/{typeId}/trust", EndpointPrivacy.Private, ApiSurface.Native,
            "Make a device type secure (ARTIK secure registration): the vendor's CA or client certificates (PEM) its devices' client certificates must chain to. An empty list makes it ordinary again. Its owner; audited.",
            SetTrustAsync, typeof(SetDeviceTypeTrustRequest), typeof(DeviceTypeView), Permission: Permissions.DevicesWrite),
    ];

    private static async Task<IResult> CreateAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<CreateDeviceTypeRequest>();
        var type = await request.Grains.GetGrain<IDeviceTypeGrain>(body.Id ?? "dt" + SecretGenerator.NewId())
            .CreateAsync(request.Caller, new NewDeviceType(body.Name, body.Description, [.. body.Fields ?? []], body.Visibility));
        return Results.Created($"/v1/device-types/{type.Id}", type);
    }

    private static async Task<IResult> GetAsync(RequestContext request) =>
        Results.Ok(await Type(request).GetAsync(request.Caller));

    private static async Task<IResult> UpdateAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<UpdateDeviceTypeRequest>();
        return Results.Ok(await Type(request).UpdateAsync(request.Caller,
            new DeviceTypeUpdate(body.Name, body.Description, body.Fields is null ? null : [.. body.Fields], body.Visibility)));
    }

    private static async Task<IResult> SetTrustAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<SetDeviceTypeTrustRequest>();
        if (body.Certificates is null)
        {
            throw new InvalidRequestException("certificates is required: a list of PEM certificates, or [] to make the type ordinary.");
        }
        return Results.Ok(await Type(request).SetTrustAsync(request.Caller, [.. body.Certificates]));
    }

    private static async Task<IResult> DeleteAsync(RequestContext request)
    {
        await Type(request).DeleteAsync(request.Caller);
        return Results.NoContent();
    }

    private static IDeviceTypeGrain Type(RequestContext request) => request.Grains.GetGrain<IDeviceTypeGrain>(request.Route("typeId"));
}
