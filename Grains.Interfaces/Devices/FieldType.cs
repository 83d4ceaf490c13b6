namespace Gatehouse.Grains.Devices;

/// <summary>The value types a device field can hold (WoTKit's NUMBER and STRING, and booleans).</summary>
public enum FieldType
{
    Number,
    String,
    Boolean,
}
