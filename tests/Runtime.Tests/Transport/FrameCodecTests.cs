using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Gatehouse.Runtime.Transport;

namespace Gatehouse.Runtime.Tests.Transport;

/// <summary>Property-style tests of the wire codec: seeded random frames and random damage.</summary>
public sealed class FrameCodecTests
{
    private const int MaxFrameSize = 1 << 20;
    private static readonly string[] Alphabet = ["a", "Z", "/", "@", ":", "é", "設", "🙂", " ", "-", "0"];

    [Fact]
    public void Random_frames_round_trip_whatever_the_segmentation()
    {
        var random = new Random(5);
        for (var i = 0; i < 500; i++)
        {
            var frames = Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomFrame(random)).ToList();
            var bytes = Encode(frames.ToArray());
            var buffer = Segments.Split(bytes, random, 6);

            foreach (var expected in frames)
            {
                var status = FrameParser.TryParse(buffer, MaxFrameSize, out var frame, out var consumed, out var examined, out var rejection);
                Assert.Equal(FrameParseStatus.Complete, status);
                Assert.Equal(FrameRejection.None, rejection);
                Assert.Equal(consumed, examined);
                AssertSame(expected, frame);
                buffer = buffer.Slice(consumed);
            }
            Assert.True(buffer.IsEmpty);
        }
    }

    [Fact]
    public void Every_truncation_asks_for_more_and_consumes_nothing()
    {
        var random = new Random(6);
        for (var i = 0; i < 40; i++)
        {
            var bytes = Encode(RandomFrame(random));
            for (var length = 0; length < bytes.Length; length++)
            {
                var buffer = Segments.Split(bytes[..length], random, 3);
                var status = FrameParser.TryParse(buffer, MaxFrameSize, out _, out var consumed, out var examined, out var rejection);
                Assert.Equal(FrameParseStatus.Incomplete, status);
                Assert.Equal(FrameRejection.None, rejection);
                Assert.Equal(buffer.Start, consumed);
                Assert.Equal(buffer.End, examined);
            }
        }
    }

    [Theory]
    [InlineData("version", nameof(FrameRejection.UnsupportedVersion))]
    [InlineData("kind-0", nameof(FrameRejection.UnknownKind))]
    [InlineData("kind-8", nameof(FrameRejection.UnknownKind))]
    [InlineData("short-length", nameof(FrameRejection.LengthTooSmall))]
    [InlineData("huge-length", nameof(FrameRejection.FrameTooLarge))]
    [InlineData("target-overrun", nameof(FrameRejection.FieldOverrun))]
    [InlineData("bad-utf8", nameof(FrameRejection.InvalidText))]
    [InlineData("no-method", nameof(FrameRejection.MissingCallTarget))]
    [InlineData("response-without-id", nameof(FrameRejection.MissingCorrelationId))]
    public void A_bad_frame_is_rejected_with_its_reason(string damage, string reason)
    {
        var call = new Frame(FrameKind.Request, 9, 1000, "probe/k", "Ns.IProbe, Asm", "Add(System.Int32)", new byte[] { 1, 2, 3 });
        var bytes = damage switch
        {
            "no-method" => Encode(call with { Method = "" }),
            "response-without-id" => Encode(Frame.Answer(FrameKind.Response, 0, new byte[] { 1 })),
            _ => Encode(call),
        };
        switch (damage)
        {
            case "version": bytes[4] = 2; break;
            case "kind-0": bytes[5] = 0; break;
            case "kind-8": bytes[5] = 8; break;
            case "short-length": BinaryPrimitives.WriteUInt32BigEndian(bytes, Frame.FixedHeaderSize - 1); break;
            case "huge-length": BinaryPrimitives.WriteUInt32BigEndian(bytes, MaxFrameSize + 1); break;
            case "target-overrun": BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(18), 60000); break;
            case "bad-utf8": bytes[20] = 0xFF; break;
        }

        var status = FrameParser.TryParse(new ReadOnlySequence<byte>(bytes), MaxFrameSize, out _, out _, out _, out var rejection);

        Assert.Equal(FrameParseStatus.Rejected, status);
        Assert.Equal(reason, rejection.ToString());
    }

    [Fact]
    public void Random_damage_never_throws_and_a_refusal_always_has_a_reason()
    {
        var random = new Random(7);
        var outcomes = new Dictionary<FrameParseStatus, int>();
        for (var i = 0; i < 3000; i++)
        {
            var bytes = Encode(RandomFrame(random));
            var flips = random.Next(1, 4);
            for (var f = 0; f < flips; f++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }
            if (random.Next(4) == 0)
            {
                bytes = bytes[..random.Next(bytes.Length)];
            }
            var buffer = Segments.Split(bytes, random, 4);

            var status = FrameParser.TryParse(buffer, MaxFrameSize, out _, out var consumed, out _, out var rejection);

            outcomes[status] = outcomes.GetValueOrDefault(status) + 1;
            Assert.Equal(status == FrameParseStatus.Rejected, rejection != FrameRejection.None);
            if (status == FrameParseStatus.Complete)
            {
                Assert.True(buffer.Slice(0, consumed).Length <= bytes.Length);
            }
        }
        // The damage must actually exercise every outcome, or the test proves little.
        Assert.All(Enum.GetValues<FrameParseStatus>(), s => Assert.True(outcomes.GetValueOrDefault(s) > 0, $"no {s} outcome"));
    }

    [Fact]
    public void Random_garbage_never_throws()
    {
        var random = new Random(8);
        for (var i = 0; i < 3000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            var status = FrameParser.TryParse(Segments.Split(bytes, random, 3), MaxFrameSize, out _, out _, out _, out var rejection);
            Assert.Equal(status == FrameParseStatus.Rejected, rejection != FrameRejection.None);
        }
    }

    [Fact]
    public void The_writer_refuses_a_header_field_longer_than_its_length_field()
    {
        var frame = new Frame(FrameKind.Request, 1, 0, "probe/" + new string('k', 70_000), "I, A", "M()", ReadOnlyMemory<byte>.Empty);
        Assert.Throws<ArgumentException>(() => Encode(frame));
    }

    private static Frame RandomFrame(Random random)
    {
        var kind = (FrameKind)random.Next(1, 8);
        var isCall = kind is FrameKind.Request or FrameKind.OneWay or FrameKind.ForwardedRequest;
        var correlation = kind is FrameKind.Ping or FrameKind.Pong ? 0 : random.NextInt64(1, long.MaxValue);
        var payload = new byte[random.Next(0, 3) == 0 ? 0 : random.Next(1, 5000)];
        random.NextBytes(payload);
        return new Frame(
            kind,
            correlation,
            (uint)random.NextInt64(0, uint.MaxValue),
            isCall ? "probe/" + RandomText(random, 1, 40) : RandomText(random, 0, 5),
            isCall ? RandomText(random, 1, 60) : "",
            isCall ? RandomText(random, 1, 30) : "",
            payload);
    }

    private static string RandomText(Random random, int min, int max)
    {
        var builder = new StringBuilder();
        var length = random.Next(min, max + 1);
        for (var i = 0; i < length; i++)
        {
            builder.Append(Alphabet[random.Next(Alphabet.Length)]);
        }
        return builder.ToString();
    }

    private static byte[] Encode(params Frame[] frames)
    {
        var writer = new ArrayBufferWriter<byte>();
        foreach (var frame in frames)
        {
            FrameWriter.Write(writer, frame);
        }
        return writer.WrittenSpan.ToArray();
    }

    private static void AssertSame(Frame expected, Frame actual)
    {
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.CorrelationId, actual.CorrelationId);
        Assert.Equal(expected.TimeoutMilliseconds, actual.TimeoutMilliseconds);
        Assert.Equal(expected.Target, actual.Target);
        Assert.Equal(expected.Interface, actual.Interface);
        Assert.Equal(expected.Method, actual.Method);
        Assert.Equal(expected.Payload.ToArray(), actual.Payload.ToArray());
    }
}
