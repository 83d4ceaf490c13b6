using System.Text.Json;

namespace Gatehouse.Gateway.Http.Devices.Contracts;

/// <summary>A WoTKit sensor field (seed 2.1.2): value and lastUpdate appear once the field has data.</summary>
public sealed record WoTKitField(string Name, JsonElement? Value, string Type, int Index, bool Required, string? LongName, string? LastUpdate);
