namespace Gatehouse.Grains.Devices;

/// <summary>A typed field of a device (WoTKit sensor field): messages must match its type, and a required field must be present.</summary>
public sealed record FieldDefinition(string Name, FieldType Type, bool Required = false, string? LongName = null);
