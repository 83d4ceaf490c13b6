using Gatehouse.Grains.Devices;

namespace Gatehouse.Gateway.Http.Devices.Contracts;

/// <summary>POST /api/sensors: a new sensor of the caller. Name is the short name in {owner}.{name}.</summary>
public sealed record WoTKitSensorRequest(
    string Name,
    string LongName,
    string? Description = null,
    double? Latitude = null,
    double? Longitude = null,
    string Visibility = "PRIVATE",
    WoTKitFieldRequest[]? Fields = null);
