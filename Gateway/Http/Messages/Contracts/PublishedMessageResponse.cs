namespace Gatehouse.Gateway.Http.Messages.Contracts;

/// <summary>A durable message: its id, the server's time, and its place in the series (device time if given).</summary>
public sealed record PublishedMessageResponse(string Mid, string DeviceId, DateTimeOffset ReceivedAt, DateTimeOffset Ts, long TsMs);
