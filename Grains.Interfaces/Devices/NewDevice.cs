using System.Collections.Immutable;
using System.Text.Json;

namespace Gatehouse.Grains.Devices;

/// <summary>
/// A device to create. The owner is the creating user unless an administrator names one.
/// <see cref="Handle"/> is the short name unique per owner that WoTKit addresses a sensor by
/// (<c>{owner}.{handle}</c>); <see cref="Name"/> is the display name (EVRYTHNG's name, WoTKit's longName).
/// </summary>
public sealed record NewDevice(
    string Name,
    string? OwnerId = null,
    string? Description = null,
    string? TypeId = null,
    string? VendorDeviceId = null,
    string? Handle = null,
    DeviceVisibility Visibility = DeviceVisibility.Private,
    ImmutableDictionary<string, JsonElement>? Properties = null,
    GeoLocation? Location = null,
    ImmutableArray<string> Tags = default,
    ImmutableArray<FieldDefinition> Fields = default);
