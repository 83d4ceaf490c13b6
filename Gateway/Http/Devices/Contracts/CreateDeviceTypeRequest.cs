using Gatehouse.Grains.Devices;

namespace Gatehouse.Gateway.Http.Devices.Contracts;

/// <summary>POST /v1/device-types: a name, a description, typed fields, and whether others may use it (default private).</summary>
public sealed record CreateDeviceTypeRequest(
    string Name,
    string? Description = null,
    FieldDefinition[]? Fields = null,
    DeviceVisibility Visibility = DeviceVisibility.Private);
