using Gatehouse.Grains.Devices;

namespace Gatehouse.Gateway.Http.Devices.Contracts;

/// <summary>PATCH /v1/device-types/{typeId}: members left out keep their value; fields replace the list.</summary>
public sealed record UpdateDeviceTypeRequest(
    string? Name = null,
    string? Description = null,
    FieldDefinition[]? Fields = null,
    DeviceVisibility? Visibility = null);
