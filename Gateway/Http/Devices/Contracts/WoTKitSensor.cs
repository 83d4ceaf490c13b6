using System.Collections.Immutable;
using System.Globalization;
using Gatehouse.Grains.Devices;

namespace Gatehouse.Gateway.Http.Devices.Contracts;

/// <summary>
/// A WoTKit sensor in the seed's shape: name (the handle), numeric id, visibility PUBLIC or
/// PRIVATE, owner (a username), description, longName (the display name), latitude, longitude,
/// lastUpdate, and typed fields (NUMBER, STRING, BOOLEAN).
/// </summary>
public sealed record WoTKitSensor(
    string Name,
    ImmutableArray<WoTKitField> Fields,
    long Id,
    string Visibility,
    string Owner,
    string? Description,
    string LongName,
    double? Latitude,
    double? Longitude,
    string? LastUpdate)
{
    public static WoTKitSensor From(DeviceView device) => new(
        device.Handle ?? device.Id,
        [.. device.Fields.Select((f, i) => new WoTKitField(f.Name, null, f.Type.ToString().ToUpperInvariant(), i, f.Required, f.LongName, null))],
        device.Number,
        device.Visibility == DeviceVisibility.Public ? "PUBLIC" : "PRIVATE",
        device.OwnerUsername ?? device.OwnerId,
        device.Description,
        device.Name,
        device.Location?.Latitude,
        device.Location?.Longitude,
        null);

    /// <summary>WoTKit writes times as ISO 8601 UTC with milliseconds: 2012-12-07T01:47:18.639Z.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
