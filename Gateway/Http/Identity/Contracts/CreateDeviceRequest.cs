using System.Collections.Immutable;
using System.Text.Json;
using Gatehouse.Grains.Devices;

namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>POST /v1/devices. Handle: the short name unique per owner (WoTKit addresses sensors as {owner}.{handle}).</summary>
public sealed record CreateDeviceRequest(
    string Name,
    string? OwnerId = null,
    string? Description = null,
    string? TypeId = null,
    string? VendorDeviceId = null,
    string? Handle = null,
    DeviceVisibility Visibility = DeviceVisibility.Private,
    Dictionary<string, JsonElement>? Properties = null,
    GeoLocation? Location = null,
    string[]? Tags = null,
    FieldDefinition[]? Fields = null)
{
    public NewDevice ToNewDevice() => new(
        Name, OwnerId, Description, TypeId, VendorDeviceId, Handle, Visibility,
        Properties?.ToImmutableDictionary(StringComparer.Ordinal), Location, [.. Tags ?? []], [.. Fields ?? []]);
}
