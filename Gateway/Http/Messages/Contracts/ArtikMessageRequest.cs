using System.Text.Json;

namespace Gatehouse.Gateway.Http.Messages.Contracts;

/// <summary>
/// ARTIK's <c>POST /v1.1/message</c> body: the source device id, its data, and optionally the
/// time the data was measured (<c>ts</c>, Unix milliseconds) and ARTIK's <c>type</c> ("message").
/// </summary>
public sealed record ArtikMessageRequest(string Sdid, JsonElement Data, JsonElement? Ts = null, string? Type = null);
