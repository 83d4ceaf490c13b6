using System.Collections.Immutable;
using System.Text.Json;

namespace Gatehouse.Grains.Devices;

/// <summary>A device as its readers see it. Sharing is shown only to those who manage the device.</summary>
public sealed record DeviceView(
    string Id,
    string Name,
    string? Description,
    string OwnerId,
    string? AccountId,
    DateTimeOffset CreatedAt)
{
    public string? OwnerUsername { get; init; }

    /// <summary>WoTKit's numeric sensor id.</summary>
    public long Number { get; init; }

    public string? TypeId { get; init; }

    public string? VendorDeviceId { get; init; }

    public string? Handle { get; init; }

    public DeviceVisibility Visibility { get; init; }

    public ImmutableArray<DeviceShare> Shares { get; init; } = [];

    public ImmutableDictionary<string, JsonElement> Properties { get; init; } = ImmutableDictionary<string, JsonElement>.Empty;

    public GeoLocation? Location { get; init; }

    public ImmutableArray<string> Tags { get; init; } = [];

    public ImmutableArray<FieldDefinition> Fields { get; init; } = [];

    public DateTimeOffset UpdatedAt { get; init; }
}
