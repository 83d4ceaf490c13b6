using Gatehouse.Grains.Devices;

namespace Gatehouse.Grains.Messages;

/// <summary>
/// One field's value in one message, extracted once by the device grain (which validated it) so
/// stores index data series without parsing payloads again. Numbers are <see cref="Number"/>;
/// booleans are <see cref="Number"/> 0 or 1; text is <see cref="Text"/> (and <see cref="Number"/> is NaN).
/// </summary>
public readonly record struct FieldSample(string Name, FieldType Type, double Number, string? Text)
{
    public static FieldSample OfNumber(string name, double value) => new(name, FieldType.Number, value, null);

    public static FieldSample OfBoolean(string name, bool value) => new(name, FieldType.Boolean, value ? 1 : 0, null);

    public static FieldSample OfText(string name, string value) => new(name, FieldType.String, double.NaN, value);

    /// <summary>Whether the value takes part in min, max and avg.</summary>
    public bool IsNumeric => Type != FieldType.String;
}
