namespace Gatehouse.Gateway.Http.Devices.Contracts;

/// <summary>A field of a new WoTKit sensor; Type is NUMBER, STRING or BOOLEAN.</summary>
public sealed record WoTKitFieldRequest(string Name, string Type = "NUMBER", bool Required = false, string? LongName = null);
