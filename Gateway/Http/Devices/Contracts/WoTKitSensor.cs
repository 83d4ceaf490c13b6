using System.Collections.Immutable;
using System.Globalization;
using Gatehouse.Gateway.Http.Messages.Contracts;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Messages;

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
    public static WoTKitSensor From(DeviceView device) => From(device, []);

    /// <summary>The sensor with each field's latest value and time (<paramref name="latest"/>); the sensor's lastUpdate is the newest of them.</summary>
    public static WoTKitSensor From(DeviceView device, IReadOnlyList<FieldValue> latest)
    {
        var byField = latest.ToDictionary(v => v.Field, StringComparer.Ordinal);
        var fields = device.Fields.Select((f, i) => byField.TryGetValue(f.Name, out var v)
            ? new WoTKitField(f.Name, FieldValueView.Json(v), Type(f.Type), i, f.Required, f.LongName, Time(v.Timestamp))
            : new WoTKitField(f.Name, null, Type(f.Type), i, f.Required, f.LongName, null));
        DateTimeOffset? lastUpdate = latest.Count == 0 ? null : latest.Max(v => v.Timestamp);
        return new(
            device.Handle ?? device.Id,
            [.. fields],
            device.Number,
            device.Visibility == DeviceVisibility.Public ? "PUBLIC" : "PRIVATE",
            device.OwnerUsername ?? device.OwnerId,
            device.Description,
            device.Name,
            device.Location?.Latitude,
            device.Location?.Longitude,
            lastUpdate is { } t ? Time(t) : null);
    }

    private static string Type(FieldType type) => type.ToString().ToUpperInvariant();

    /// <summary>WoTKit writes times as ISO 8601 UTC with milliseconds: 2012-12-07T01:47:18.639Z.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
