using System.Collections.Immutable;

namespace Gatehouse.Grains.Devices;

/// <summary>A partial update of a device type: members left null keep their value; <see cref="Fields"/> replaces the list.</summary>
public sealed record DeviceTypeUpdate(
    string? Name = null,
    string? Description = null,
    ImmutableArray<FieldDefinition>? Fields = null,
    DeviceVisibility? Visibility = null);
