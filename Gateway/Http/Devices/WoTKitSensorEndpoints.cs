using Gatehouse.Gateway.Http.Devices.Contracts;
using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Grains;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Security;

namespace Gatehouse.Gateway.Http.Devices;

/// <summary>
/// WoTKit sensors, addressed as <c>{owner}.{name}</c> (seed 2.1.2). Reading is "Public or
/// Private": public sensors answer anyone, private ones only callers allowed to read them, and
/// an unauthenticated call to a private sensor gets WoTKit's 403.
/// </summary>
public static class WoTKitSensorEndpoints
{
    public static IEnumerable<GatehouseEndpoint> All { get; } =
    [
        new("wotkit.sensors.get", "GET", "/api/sensors/{sensor}", EndpointPrivacy.PublicOrPrivate, ApiSurface.WoTKit,
            "Read a sensor by {owner}.{name}. Public sensors: anyone; private: its owner and those it is shared with.",
            GetAsync, ResponseBody: typeof(WoTKitSensor), Permission: Permissions.DevicesRead),
        new("wotkit.sensors.create", "POST", "/api/sensors", EndpointPrivacy.Private, ApiSurface.WoTKit,
            "Create a sensor owned by the caller, with typed fields.",
            CreateAsync, typeof(WoTKitSensorRequest), typeof(WoTKitSensor), StatusCodes.Status201Created, Permissions.DevicesCreate),
    ];

    private static async Task<IResult> GetAsync(RequestContext request)
    {
        var address = request.Route("sensor");
        // Usernames may contain dots; sensor names may not, so the last dot separates them.
        var dot = address.LastIndexOf('.');
        if (dot <= 0 || dot == address.Length - 1)
        {
            throw new ResourceNotFoundException("A sensor is addressed as {owner}.{name}.");
        }
        var ownerId = await Identity.UserLookup.FindAsync(request.Grains, address[..dot])
            ?? throw new ResourceNotFoundException($"No sensor '{address}'.");
        var deviceId = await request.Grains.GetGrain<IDeviceHandleGrain>($"{ownerId}/{address[(dot + 1)..]}").GetDeviceIdAsync()
            ?? throw new ResourceNotFoundException($"No sensor '{address}'.");
        var grain = request.Grains.GetGrain<IDeviceGrain>(deviceId);
        var device = await grain.GetAsync(request.Caller);
        System.Collections.Immutable.ImmutableArray<Grains.Messages.FieldValue> latest;
        try
        {
            latest = await grain.GetLatestValuesAsync(request.Caller);
        }
        catch (AccessDeniedException)
        {
            // A key scoped to devices:read sees the sensor, but not its data.
            latest = [];
        }
        return Results.Ok(WoTKitSensor.From(device, latest));
    }

    private static async Task<IResult> CreateAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<WoTKitSensorRequest>();
        var visibility = body.Visibility.ToUpperInvariant() switch
        {
            "PUBLIC" => DeviceVisibility.Public,
            "PRIVATE" => DeviceVisibility.Private,
            _ => throw new InvalidRequestException("visibility is PUBLIC or PRIVATE."),
        };
        var fields = (body.Fields ?? []).Select(f => new FieldDefinition(f.Name, f.Type.ToUpperInvariant() switch
        {
            "NUMBER" => FieldType.Number,
            "STRING" => FieldType.String,
            "BOOLEAN" => FieldType.Boolean,
            _ => throw new InvalidRequestException($"Field '{f.Name}': type is NUMBER, STRING or BOOLEAN."),
        }, f.Required, f.LongName));
        GeoLocation? location = body.Latitude is { } lat && body.Longitude is { } lng ? new GeoLocation(lat, lng) : null;
        var device = await request.Grains.GetGrain<IDeviceGrain>(SecretGenerator.NewId()).CreateAsync(request.Caller, new NewDevice(
            body.LongName, Description: body.Description, Handle: body.Name, Visibility: visibility, Location: location, Fields: [.. fields]));
        return Results.Created($"/api/sensors/{device.OwnerUsername}.{device.Handle}", WoTKitSensor.From(device));
    }
}
