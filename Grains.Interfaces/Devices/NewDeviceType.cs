using System.Collections.Immutable;

namespace Gatehouse.Grains.Devices;

/// <summary>A device type to create: its name, description, typed fields, and whether others may use it.</summary>
public sealed record NewDeviceType(
    string Name,
    string? Description = null,
    ImmutableArray<FieldDefinition> Fields = default,
    DeviceVisibility Visibility = DeviceVisibility.Private);
