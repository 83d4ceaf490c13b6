using System.Text.Json;

namespace Gatehouse.Gateway.Http.Messages.Contracts;

/// <summary>
/// POST /v1/devices/{deviceId}/messages: the data (usually an object of field values) and, when
/// the device measured it earlier, its time as Unix milliseconds or ISO 8601.
/// </summary>
public sealed record PublishMessageRequest(JsonElement Data, JsonElement? Ts = null);
