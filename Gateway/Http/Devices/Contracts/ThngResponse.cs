using System.Collections.Immutable;
using System.Text.Json;
using Gatehouse.Grains.Devices;

namespace Gatehouse.Gateway.Http.Devices.Contracts;

/// <summary>A Thng as EVRYTHNG returns it: the request's members plus id and epoch-millisecond timestamps.</summary>
public sealed record ThngResponse(
    string Id,
    long CreatedAt,
    long UpdatedAt,
    string Name,
    string? Description,
    ThngLocation? Location,
    ImmutableDictionary<string, JsonElement> Properties,
    ImmutableArray<string> Tags)
{
    public static ThngResponse From(DeviceView device) => new(
        device.Id, device.CreatedAt.ToUnixTimeMilliseconds(), device.UpdatedAt.ToUnixTimeMilliseconds(), device.Name, device.Description,
        device.Location is { } l ? new ThngLocation(l.Latitude, l.Longitude) : null, device.Properties, device.Tags);
}
