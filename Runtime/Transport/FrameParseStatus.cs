namespace Gatehouse.Runtime.Transport;

internal enum FrameParseStatus
{
    /// <summary>A whole frame was read; <c>consumed</c> is just past it.</summary>
    Complete,

    /// <summary>More bytes are needed; nothing was consumed and everything was examined.</summary>
    Incomplete,

    /// <summary>The bytes are not a valid frame; the reason says why.</summary>
    Rejected,
}
