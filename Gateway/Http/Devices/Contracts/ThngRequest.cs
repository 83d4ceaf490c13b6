using System.Text.Json;

namespace Gatehouse.Gateway.Http.Devices.Contracts;

/// <summary>EVRYTHNG's Thng body (seed: name, description, location, properties, tags).</summary>
public sealed record ThngRequest(
    string Name,
    string? Description = null,
    ThngLocation? Location = null,
    Dictionary<string, JsonElement>? Properties = null,
    string[]? Tags = null);
