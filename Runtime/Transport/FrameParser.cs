using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace Gatehouse.Runtime.Transport;

/// <summary>
/// Reads frames from a pipe's buffer, in the manner of Kestrel's HttpParser: it never throws for
/// bad input (it says why with a <see cref="FrameRejection"/>), consumes nothing until a whole
/// frame is there, and reports everything as examined when it needs more, so the pipe wakes the
/// reader only when new bytes arrive. A frame within the first segment is read straight from
/// that span; one spanning segments is copied once.
/// </summary>
internal static class FrameParser
{
    public static FrameParseStatus TryParse(
        in ReadOnlySequence<byte> buffer,
        int maxFrameSize,
        out Frame frame,
        out SequencePosition consumed,
        out SequencePosition examined,
        out FrameRejection rejection)
    {
        frame = default;
        consumed = buffer.Start;
        examined = buffer.End;
        rejection = FrameRejection.None;
        if (buffer.Length < Frame.PrefixSize)
        {
            return FrameParseStatus.Incomplete;
        }
        var first = buffer.FirstSpan;
        uint length;
        if (first.Length >= Frame.PrefixSize)
        {
            length = BinaryPrimitives.ReadUInt32BigEndian(first);
        }
        else
        {
            Span<byte> prefix = stackalloc byte[Frame.PrefixSize];
            buffer.Slice(0, Frame.PrefixSize).CopyTo(prefix);
            length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        }
        if (length < Frame.FixedHeaderSize)
        {
            rejection = FrameRejection.LengthTooSmall;
            return FrameParseStatus.Rejected;
        }
        if (length > (uint)maxFrameSize)
        {
            rejection = FrameRejection.FrameTooLarge;
            return FrameParseStatus.Rejected;
        }
        var total = Frame.PrefixSize + (long)length;
        if (buffer.Length < total)
        {
            return FrameParseStatus.Incomplete;
        }

        bool parsed;
        if (first.Length >= total)
        {
            parsed = TryParseBody(first.Slice(Frame.PrefixSize, (int)length), null, out frame, out rejection);
        }
        else
        {
            var copy = new byte[length];
            buffer.Slice(Frame.PrefixSize, length).CopyTo(copy);
            parsed = TryParseBody(copy, copy, out frame, out rejection);
        }
        if (!parsed)
        {
            return FrameParseStatus.Rejected;
        }
        consumed = examined = buffer.GetPosition(total);
        return FrameParseStatus.Complete;
    }

    /// <param name="owner">The array <paramref name="body"/> lies in, when it may be kept; otherwise the payload is copied out.</param>
    private static bool TryParseBody(ReadOnlySpan<byte> body, byte[]? owner, out Frame frame, out FrameRejection rejection)
    {
        frame = default;
        if (body[0] != Frame.Version)
        {
            rejection = FrameRejection.UnsupportedVersion;
            return false;
        }
        var kind = (FrameKind)body[1];
        if (kind is < FrameKind.Request or > FrameKind.ForwardedRequest)
        {
            rejection = FrameRejection.UnknownKind;
            return false;
        }
        var correlationId = BinaryPrimitives.ReadInt64BigEndian(body[2..]);
        var timeout = BinaryPrimitives.ReadUInt32BigEndian(body[10..]);
        var offset = 14;
        if (!TryReadText(body, ref offset, out var target, out rejection)
            || !TryReadText(body, ref offset, out var @interface, out rejection)
            || !TryReadText(body, ref offset, out var method, out rejection))
        {
            return false;
        }
        var isCall = kind is FrameKind.Request or FrameKind.OneWay or FrameKind.ForwardedRequest;
        if (isCall && (target.Length == 0 || @interface.Length == 0 || method.Length == 0))
        {
            rejection = FrameRejection.MissingCallTarget;
            return false;
        }
        if (correlationId == 0 && kind is FrameKind.Request or FrameKind.Response or FrameKind.Error or FrameKind.ForwardedRequest)
        {
            rejection = FrameRejection.MissingCorrelationId;
            return false;
        }
        var payloadLength = body.Length - offset;
        ReadOnlyMemory<byte> payload = payloadLength == 0
            ? ReadOnlyMemory<byte>.Empty
            : owner is not null
                ? owner.AsMemory(offset, payloadLength)
                : body[offset..].ToArray();
        frame = new Frame(kind, correlationId, timeout, target, @interface, method, payload);
        rejection = FrameRejection.None;
        return true;
    }

    private static bool TryReadText(ReadOnlySpan<byte> body, ref int offset, out string text, out FrameRejection rejection)
    {
        text = "";
        if (body.Length - offset < 2)
        {
            rejection = FrameRejection.FieldOverrun;
            return false;
        }
        var count = BinaryPrimitives.ReadUInt16BigEndian(body[offset..]);
        offset += 2;
        if (body.Length - offset < count)
        {
            rejection = FrameRejection.FieldOverrun;
            return false;
        }
        var bytes = body.Slice(offset, count);
        if (!Utf8.IsValid(bytes))
        {
            rejection = FrameRejection.InvalidText;
            return false;
        }
        text = count == 0 ? "" : Encoding.UTF8.GetString(bytes);
        offset += count;
        rejection = FrameRejection.None;
        return true;
    }
}
