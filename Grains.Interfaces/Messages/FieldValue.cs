using Gatehouse.Grains.Devices;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Messages;

/// <summary>
/// The latest value of one field of a device: the field's value in the device's most recent
/// message (by <see cref="DeviceMessage.Timestamp"/>) that had it. Exactly one of
/// <see cref="Number"/>, <see cref="Text"/> and <see cref="Boolean"/> is set, as <see cref="Type"/> says.
/// </summary>
/// <param name="Field">The field's name; members of nested objects are named with dots (<c>gps.lat</c>).</param>
[Immutable]
public sealed record FieldValue(string Field, FieldType Type, DateTimeOffset Timestamp, string Mid)
{
    public double? Number { get; init; }

    public string? Text { get; init; }

    public bool? Boolean { get; init; }
}
