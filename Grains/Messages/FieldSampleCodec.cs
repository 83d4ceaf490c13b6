using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using Gatehouse.Grains.Devices;

namespace Gatehouse.Grains.Messages;

/// <summary>
/// How the SQL stores keep a message's <see cref="StoredMessage.Fields"/> next to its payload: a
/// small binary record, so a scan for an unaligned series reads values without parsing JSON and
/// gets exactly the samples the device grain extracted. Layout (little-endian): sample count
/// (uint16); per sample the name (uint16 byte length, UTF-8), the <see cref="FieldType"/> (byte),
/// then a double for numbers and booleans or the text (int32 byte length, UTF-8).
/// </summary>
public static class FieldSampleCodec
{
    public static byte[]? Encode(ImmutableArray<FieldSample> samples)
    {
        if (samples.IsDefaultOrEmpty)
        {
            return null;
        }
        var size = 2;
        foreach (var sample in samples)
        {
            size += 2 + Encoding.UTF8.GetByteCount(sample.Name) + 1 + (sample.IsNumeric ? 8 : 4 + Encoding.UTF8.GetByteCount(sample.Text ?? ""));
        }
        var buffer = new byte[size];
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(span, checked((ushort)samples.Length));
        var at = 2;
        foreach (var sample in samples)
        {
            var nameLength = Encoding.UTF8.GetBytes(sample.Name, span[(at + 2)..]);
            BinaryPrimitives.WriteUInt16LittleEndian(span[at..], checked((ushort)nameLength));
            at += 2 + nameLength;
            span[at++] = (byte)sample.Type;
            if (sample.IsNumeric)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(span[at..], sample.Number);
                at += 8;
            }
            else
            {
                var textLength = Encoding.UTF8.GetBytes(sample.Text ?? "", span[(at + 4)..]);
                BinaryPrimitives.WriteInt32LittleEndian(span[at..], textLength);
                at += 4 + textLength;
            }
        }
        return buffer;
    }

    /// <summary>Calls <paramref name="visit"/> for each sample, in the order they were extracted.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a record this codec wrote.</exception>
    public static void Decode<TState>(ReadOnlySpan<byte> data, ref TState state, SampleVisitor<TState> visit)
    {
        if (data.IsEmpty)
        {
            return;
        }
        try
        {
            int count = BinaryPrimitives.ReadUInt16LittleEndian(data);
            var at = 2;
            for (var i = 0; i < count; i++)
            {
                int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(data[at..]);
                var name = Encoding.UTF8.GetString(data.Slice(at + 2, nameLength));
                at += 2 + nameLength;
                var type = (FieldType)data[at++];
                if (type == FieldType.String)
                {
                    var textLength = BinaryPrimitives.ReadInt32LittleEndian(data[at..]);
                    visit(ref state, new FieldSample(name, type, double.NaN, Encoding.UTF8.GetString(data.Slice(at + 4, textLength))));
                    at += 4 + textLength;
                }
                else
                {
                    visit(ref state, new FieldSample(name, type, BinaryPrimitives.ReadDoubleLittleEndian(data[at..]), null));
                    at += 8;
                }
            }
        }
        catch (ArgumentOutOfRangeException exception)
        {
            throw new InvalidDataException("A stored message's field record is truncated.", exception);
        }
    }

    public static ImmutableArray<FieldSample> Decode(ReadOnlySpan<byte> data)
    {
        var builder = ImmutableArray.CreateBuilder<FieldSample>();
        Decode(data, ref builder, static (ref ImmutableArray<FieldSample>.Builder b, FieldSample s) => b.Add(s));
        return builder.ToImmutable();
    }

    public delegate void SampleVisitor<TState>(ref TState state, FieldSample sample);
}
