namespace Gatehouse.Runtime.Diagnostics;

/// <summary>
/// A histogram's per-bucket counts (not yet cumulative: each measurement increments one bucket)
/// and its sum. The exposition adds the buckets up, so <c>_count</c> always equals the
/// <c>+Inf</c> bucket even while measurements arrive during a scrape.
/// </summary>
internal sealed class HistogramSeries(double[] bounds) : MetricSeries
{
    // One more than the bounds: the last is +Inf.
    private readonly long[] _counts = new long[bounds.Length + 1];
    private long _sumBits;

    public void Record(double value)
    {
        // Prometheus buckets are "less than or equal to" their bound.
        var index = Array.BinarySearch(bounds, value);
        if (index < 0)
        {
            index = ~index;
        }
        Interlocked.Increment(ref _counts[index]);
        SumSeries.AddDouble(ref _sumBits, value);
    }

    public double Sum => BitConverter.Int64BitsToDouble(Volatile.Read(ref _sumBits));

    /// <summary>Copies the per-bucket counts (the last is the +Inf bucket's own).</summary>
    public long[] ReadCounts()
    {
        var copy = new long[_counts.Length];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = Volatile.Read(ref _counts[i]);
        }
        return copy;
    }
}
