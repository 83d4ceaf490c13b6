using Gatehouse.Runtime.Invocation;

namespace Gatehouse.Runtime.Transport;

/// <summary>A call sent on a connection and awaiting its response, with when it was sent and the pool whose limit it counts against.</summary>
internal readonly record struct PendingCall(GrainCallRequest Request, long SentTimestamp, SiloConnectionPool? Pool);
