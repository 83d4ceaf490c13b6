namespace Gatehouse.Runtime.Transport;

/// <summary>Why <see cref="FrameParser"/> refused the bytes it was given. A refused frame closes the connection.</summary>
internal enum FrameRejection
{
    None,

    /// <summary>The length prefix is smaller than the fixed header.</summary>
    LengthTooSmall,

    /// <summary>The length prefix exceeds <see cref="TransportOptions.MaxFrameSize"/>.</summary>
    FrameTooLarge,

    /// <summary>The protocol version byte is not one this silo speaks.</summary>
    UnsupportedVersion,

    /// <summary>The kind byte is not a <see cref="FrameKind"/>.</summary>
    UnknownKind,

    /// <summary>A length-prefixed text field runs past the end of the frame.</summary>
    FieldOverrun,

    /// <summary>A text field is not valid UTF-8.</summary>
    InvalidText,

    /// <summary>A call frame without a target grain, interface or method.</summary>
    MissingCallTarget,

    /// <summary>A call, response or error frame with correlation id 0 (reserved for pings).</summary>
    MissingCorrelationId,
}
