using System.Buffers;

namespace Gatehouse.Runtime.Tests.Transport;

/// <summary>Cuts bytes into a multi-segment sequence at given points, as a socket's reads would.</summary>
internal sealed class Segments : ReadOnlySequenceSegment<byte>
{
    private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Split(byte[] bytes, Random random, int maxPieces)
    {
        var cuts = Enumerable.Range(0, random.Next(0, maxPieces)).Select(_ => random.Next(0, bytes.Length + 1)).Order().ToList();
        cuts.Add(bytes.Length);
        Segments? first = null;
        Segments? last = null;
        var start = 0;
        foreach (var cut in cuts)
        {
            var segment = new Segments(bytes.AsMemory(start, cut - start), start);
            if (first is null)
            {
                first = segment;
            }
            else
            {
                last!.Next = segment;
            }
            last = segment;
            start = cut;
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }
}
