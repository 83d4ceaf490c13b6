namespace Gatehouse.Runtime.Diagnostics;

/// <summary>
/// Counters split into one row per stripe, each row on cache lines of its own, so that cores
/// counting the same figure at once do not fight over one line: every grain call records into
/// the same few series, and one shared <c>Interlocked.Increment</c> target cost the call path more
/// than half its throughput at 16 callers on two cores (docs/benchmarks.md, "Metrics"). A
/// writer picks its stripe by the processor it runs on; readers add the rows up. Reads are not a
/// snapshot across stripes, which a scrape does not need: every count only grows.
/// </summary>
internal sealed class StripedCells
{
    // 128 bytes: a cache line and the adjacent one the prefetcher pulls in with it.
    private const int LongsPerLine = 16;

    private static readonly int StripeCount = (int)Math.Min(64, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount));

    private readonly long[] _cells;
    private readonly int _rowLength;

    /// <param name="width">Cells in each row (a histogram's buckets plus its sum, or one for a counter).</param>
    public StripedCells(int width)
    {
        Width = width;
        _rowLength = (width + LongsPerLine - 1) / LongsPerLine * LongsPerLine;
        // One spare line in front, so the first row shares no line with the array's header.
        _cells = new long[LongsPerLine + StripeCount * _rowLength];
    }

    public int Width { get; }

    /// <summary>The cell <paramref name="index"/> of the calling processor's row.</summary>
    public ref long Local(int index) =>
        ref _cells[LongsPerLine + (Thread.GetCurrentProcessorId() & (StripeCount - 1)) * _rowLength + index];

    /// <summary>The cell <paramref name="index"/> of row <paramref name="stripe"/>.</summary>
    public ref long Cell(int stripe, int index) => ref _cells[LongsPerLine + stripe * _rowLength + index];

    public int Stripes => StripeCount;

    /// <summary>Cell <paramref name="index"/> added up over every row.</summary>
    public long Sum(int index)
    {
        long total = 0;
        for (var stripe = 0; stripe < StripeCount; stripe++)
        {
            total += Volatile.Read(ref Cell(stripe, index));
        }
        return total;
    }
}
