using System.Collections.Immutable;
using Gatehouse.Gateway.Http.Devices.Contracts;
using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Security;

namespace Gatehouse.Gateway.Http.Devices;

/// <summary>EVRYTHNG's Thngs: <c>POST /thngs?access_token=$OPERATOR_API_KEY</c> with the seed's body, and reading one back.</summary>
public static class EvrythngThngEndpoints
{
    public static IEnumerable<GatehouseEndpoint> All { get; } =
    [
        new("thngs.create", "POST", "/thngs", EndpointPrivacy.Private, ApiSurface.Evrythng,
            "Create a Thng (a device owned by the caller): name, description, location, properties, tags.",
            CreateAsync, typeof(ThngRequest), typeof(ThngResponse), StatusCodes.Status201Created, Permissions.DevicesCreate),
        new("thngs.get", "GET", "/thngs/{thngId}", EndpointPrivacy.Private, ApiSurface.Evrythng,
            "Read a Thng.",
            GetAsync, ResponseBody: typeof(ThngResponse), Permission: Permissions.DevicesRead),
    ];

    private static async Task<IResult> CreateAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<ThngRequest>();
        var device = await request.Grains.GetGrain<IDeviceGrain>(SecretGenerator.NewId()).CreateAsync(request.Caller, new NewDevice(
            body.Name,
            Description: body.Description,
            Properties: body.Properties?.ToImmutableDictionary(StringComparer.Ordinal),
            Location: body.Location is { } l ? new GeoLocation(l.Latitude, l.Longitude) : null,
            Tags: [.. body.Tags ?? []]));
        return Results.Created($"/thngs/{device.Id}", ThngResponse.From(device));
    }

    private static async Task<IResult> GetAsync(RequestContext request) =>
        Results.Ok(ThngResponse.From(await request.Grains.GetGrain<IDeviceGrain>(request.Route("thngId")).GetAsync(request.Caller)));
}
