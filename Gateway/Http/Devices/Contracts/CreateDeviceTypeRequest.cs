using Gatehouse.Grains.Devices;

namespace Gatehouse.Gateway.Http.Devices.Contracts;

/// <summary>
/// POST /v1/device-types: a name, a description, typed fields, and whether others may use it
/// (default private). <see cref="Id"/> chooses the dtid (<c>dt</c> and 32 lowercase hex digits),
/// as a platform assigns a vendor's type; without it one is drawn. 409 when it is taken.
/// </summary>
public sealed record CreateDeviceTypeRequest(
    string Name,
    string? Description = null,
    FieldDefinition[]? Fields = null,
    DeviceVisibility Visibility = DeviceVisibility.Private,
    string? Id = null);
