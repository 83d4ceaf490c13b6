namespace Gatehouse.Runtime.Diagnostics;

/// <summary>
/// A histogram's per-bucket counts (not yet cumulative: each measurement increments one bucket)
/// and its sum, striped per processor (<see cref="StripedCells"/>). The exposition adds the
/// buckets up, so <c>_count</c> always equals the <c>+Inf</c> bucket even while measurements
/// arrive during a scrape.
/// </summary>
internal sealed class HistogramSeries(double[] bounds) : MetricSeries
{
    // Per row: one count per bound, the +Inf bucket's, then the sum's bits.
    private readonly StripedCells _cells = new(bounds.Length + 2);

    private int SumIndex => bounds.Length + 1;

    public void Record(double value)
    {
        // Prometheus buckets are "less than or equal to" their bound.
        var index = Array.BinarySearch(bounds, value);
        if (index < 0)
        {
            index = ~index;
        }
        Interlocked.Increment(ref _cells.Local(index));
        SumSeries.AddDouble(ref _cells.Local(SumIndex), value);
    }

    public double Sum
    {
        get
        {
            var sum = 0.0;
            for (var stripe = 0; stripe < _cells.Stripes; stripe++)
            {
                sum += BitConverter.Int64BitsToDouble(Volatile.Read(ref _cells.Cell(stripe, SumIndex)));
            }
            return sum;
        }
    }

    /// <summary>Copies the per-bucket counts (the last is the +Inf bucket's own).</summary>
    public long[] ReadCounts()
    {
        var copy = new long[bounds.Length + 1];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = _cells.Sum(i);
        }
        return copy;
    }
}
