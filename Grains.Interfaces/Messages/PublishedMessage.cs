using Gatehouse.Runtime;

namespace Gatehouse.Grains.Messages;

/// <summary>What publishing answers once the message is durable: its id (ARTIK <c>mid</c>, 32 hex digits) and server time.</summary>
[Immutable]
public sealed record PublishedMessage(string Mid, DateTimeOffset ReceivedAt);
