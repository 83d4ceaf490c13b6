namespace Gatehouse.Gateway.Realtime;

/// <summary>What a read from a client gave.</summary>
internal enum InboundFrameKind
{
    Text,

    /// <summary>A binary message: the channels speak JSON text only.</summary>
    Binary,

    /// <summary>Larger than <see cref="RealtimeOptions.MaxFrameBytes"/>; read to its end and discarded.</summary>
    TooLarge,

    /// <summary>Not valid UTF-8.</summary>
    BadEncoding,

    /// <summary>The client sent a close frame, or the connection ended.</summary>
    Closed,
}
