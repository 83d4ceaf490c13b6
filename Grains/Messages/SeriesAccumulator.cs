namespace Gatehouse.Grains.Messages;

/// <summary>
/// One field's aggregate over one bucket, as every store computes it: every value counts, numbers
/// and booleans (0 or 1) also take part in min, max and the sum; Avg is the sum over the numeric
/// count. Accumulators add (<see cref="Add(SeriesAccumulator)"/>), which is how pre-aggregated
/// minutes combine into longer buckets with the same count, min and max as a scan of the values.
/// </summary>
public sealed class SeriesAccumulator
{
    public long Count { get; private set; }

    public long NumericCount { get; private set; }

    public double Sum { get; private set; }

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    public void Add(FieldSample sample)
    {
        Count++;
        if (sample.IsNumeric)
        {
            NumericCount++;
            Sum += sample.Number;
            Min = Math.Min(Min, sample.Number);
            Max = Math.Max(Max, sample.Number);
        }
    }

    public void Add(SeriesAccumulator other) => Add(other.Count, other.NumericCount, other.Sum, other.Min, other.Max);

    /// <summary>Adds a stored partial aggregate; <paramref name="min"/> and <paramref name="max"/> are ignored when <paramref name="numericCount"/> is 0.</summary>
    public void Add(long count, long numericCount, double sum, double min, double max)
    {
        Count += count;
        if (numericCount > 0)
        {
            NumericCount += numericCount;
            Sum += sum;
            Min = Math.Min(Min, min);
            Max = Math.Max(Max, max);
        }
    }

    public SeriesBucket ToBucket(DateTimeOffset start, string field) => NumericCount == 0
        ? new SeriesBucket(start, field, Count, null, null, null)
        : new SeriesBucket(start, field, Count, Min, Max, Sum / NumericCount);
}
