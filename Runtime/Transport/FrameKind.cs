namespace Gatehouse.Runtime.Transport;

/// <summary>What a frame carries. The values are on the wire: never renumber them.</summary>
internal enum FrameKind : byte
{
    /// <summary>A grain or observer call that wants a <see cref="Response"/> or <see cref="Error"/> back.</summary>
    Request = 1,

    /// <summary>The result of the request with the same correlation id (JSON of the declared result type).</summary>
    Response = 2,

    /// <summary>A call that wants no answer: it is run, and its outcome (even a failure) is dropped.</summary>
    OneWay = 3,

    /// <summary>The request with the same correlation id failed; the payload is an exception envelope.</summary>
    Error = 4,

    /// <summary>Liveness probe; the peer answers with <see cref="Pong"/>.</summary>
    Ping = 5,

    /// <summary>The answer to a <see cref="Ping"/> (echoing its correlation id: membership probes wait for their own pong).</summary>
    Pong = 6,

    /// <summary>
    /// A <see cref="Request"/> passed on by a silo that received it but does not own the grain by
    /// its own view. Answered like a request, and run where it arrives: never forwarded again, so
    /// silos whose views disagree cannot pass a call back and forth.
    /// </summary>
    ForwardedRequest = 7,
}
