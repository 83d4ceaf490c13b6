using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Gatehouse.Runtime.Transport;

/// <summary>Writes <see cref="Frame"/>s in the layout <see cref="FrameParser"/> reads.</summary>
internal static class FrameWriter
{
    /// <summary>The bytes the frame takes on the wire, prefix included.</summary>
    public static int GetSize(in Frame frame) =>
        Frame.PrefixSize + Frame.FixedHeaderSize
        + TextSize(frame.Target) + TextSize(frame.Interface) + TextSize(frame.Method)
        + frame.Payload.Length;

    public static void Write(IBufferWriter<byte> writer, in Frame frame)
    {
        var size = GetSize(frame);
        var span = writer.GetSpan(size);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)(size - Frame.PrefixSize));
        span[4] = Frame.Version;
        span[5] = (byte)frame.Kind;
        BinaryPrimitives.WriteInt64BigEndian(span[6..], frame.CorrelationId);
        BinaryPrimitives.WriteUInt32BigEndian(span[14..], frame.TimeoutMilliseconds);
        var offset = 18;
        offset += WriteText(span[offset..], frame.Target);
        offset += WriteText(span[offset..], frame.Interface);
        offset += WriteText(span[offset..], frame.Method);
        frame.Payload.Span.CopyTo(span[offset..]);
        writer.Advance(size);
    }

    private static int TextSize(string text)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        if (count > ushort.MaxValue)
        {
            // The header's text fields have 16-bit lengths; a grain key this long is a caller bug.
            throw new ArgumentException($"A frame header field is {count} bytes; at most {ushort.MaxValue} fit.");
        }
        // Its 16-bit length is part of Frame.FixedHeaderSize.
        return count;
    }

    private static int WriteText(Span<byte> span, string text)
    {
        var count = Encoding.UTF8.GetBytes(text, span[2..]);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)count);
        return 2 + count;
    }
}
