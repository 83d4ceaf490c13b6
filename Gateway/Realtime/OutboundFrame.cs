namespace Gatehouse.Gateway.Realtime;

/// <summary>
/// One frame for a client: a WebSocket text frame of <see cref="Json"/>, or a server-sent event
/// with <see cref="Event"/> and <see cref="Id"/> (null: none) and <see cref="Json"/> as its data.
/// A <see cref="Comment"/> is an SSE comment line (a keep-alive), ignored by clients.
/// </summary>
internal readonly record struct OutboundFrame(string Json, string? Event = null, string? Id = null, bool Comment = false);
