using System.Collections.Immutable;
using System.Text.Json;
using Gatehouse.Grains.Devices;

namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>PATCH /v1/devices/{deviceId}: members left out keep their value; a property set to null is removed.</summary>
public sealed record UpdateDeviceRequest(
    string? Name = null,
    string? Description = null,
    DeviceVisibility? Visibility = null,
    Dictionary<string, JsonElement>? Properties = null,
    GeoLocation? Location = null,
    string[]? Tags = null,
    FieldDefinition[]? Fields = null)
{
    public DeviceUpdate ToUpdate() => new(
        Name, Description, Visibility, Properties?.ToImmutableDictionary(StringComparer.Ordinal), Location,
        Tags is null ? null : [.. Tags], Fields is null ? null : [.. Fields]);
}
