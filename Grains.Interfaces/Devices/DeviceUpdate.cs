using System.Collections.Immutable;
using System.Text.Json;

namespace Gatehouse.Grains.Devices;

/// <summary>A partial update: members left null keep their value. Properties are merged (a JSON null removes one).</summary>
public sealed record DeviceUpdate(
    string? Name = null,
    string? Description = null,
    DeviceVisibility? Visibility = null,
    ImmutableDictionary<string, JsonElement>? Properties = null,
    GeoLocation? Location = null,
    ImmutableArray<string>? Tags = null,
    ImmutableArray<FieldDefinition>? Fields = null);
