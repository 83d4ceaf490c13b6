namespace Gatehouse.Runtime.Transport;

/// <summary>
/// One message between silos. On the wire (all integers big-endian):
/// <code>
/// u32 length of everything after this field
/// u8  version (1)     u8 kind     u64 correlation id     u32 timeout in ms (0: none)
/// u16 n + n bytes UTF-8 target grain id ("type/key"; empty for responses and pings)
/// u16 n + n bytes UTF-8 interface ("Namespace.IName, Assembly"; empty unless a call)
/// u16 n + n bytes UTF-8 method ("Name(ParamType,…)"; empty unless a call)
/// payload: the rest (JSON from the serializing call path)
/// </code>
/// </summary>
internal readonly record struct Frame(
    FrameKind Kind,
    long CorrelationId,
    uint TimeoutMilliseconds,
    string Target,
    string Interface,
    string Method,
    ReadOnlyMemory<byte> Payload)
{
    public const byte Version = 1;

    /// <summary>The length prefix.</summary>
    public const int PrefixSize = 4;

    /// <summary>Version, kind, correlation id, timeout and the three text lengths.</summary>
    public const int FixedHeaderSize = 1 + 1 + 8 + 4 + 2 + 2 + 2;

    public static Frame Control(FrameKind kind) => new(kind, 0, 0, "", "", "", ReadOnlyMemory<byte>.Empty);

    /// <summary>A ping or pong that names a probe (a pong echoes its ping's id; 0 is the connection's own keep-alive).</summary>
    public static Frame Control(FrameKind kind, long correlationId) => new(kind, correlationId, 0, "", "", "", ReadOnlyMemory<byte>.Empty);

    public static Frame Answer(FrameKind kind, long correlationId, ReadOnlyMemory<byte> payload) => new(kind, correlationId, 0, "", "", "", payload);
}
