namespace Gatehouse.Grains.Messages;

/// <summary>
/// What one group-committed batch of messages adds to the derived tables, computed in memory so
/// each (device, field, minute) rollup and each (device, field) latest value is written once per
/// batch however many messages of the batch touch it. Entries come out sorted by key, so
/// concurrent writers (PostgreSQL silos) lock rows in one order and cannot deadlock.
/// </summary>
public sealed class MessageBatchSummary
{
    /// <summary>The length of a rollup: the series API's finest common interval.</summary>
    public const long RollupMilliseconds = 60_000;

    private readonly Dictionary<(long Device, long Minute, string Field), SeriesAccumulator> _rollups = [];
    private readonly Dictionary<(long Device, string Field), LatestSample> _latest = [];

    public void Add(long deviceKey, long timestampMs, long sequence, string mid, IReadOnlyList<FieldSample> fields)
    {
        var minute = MinuteOf(timestampMs);
        foreach (var sample in fields)
        {
            if (!_rollups.TryGetValue((deviceKey, minute, sample.Name), out var rollup))
            {
                _rollups[(deviceKey, minute, sample.Name)] = rollup = new SeriesAccumulator();
            }
            rollup.Add(sample);

            var candidate = new LatestSample(deviceKey, sample, timestampMs, sequence, mid);
            if (!_latest.TryGetValue((deviceKey, sample.Name), out var current) || candidate.IsAfter(current))
            {
                _latest[(deviceKey, sample.Name)] = candidate;
            }
        }
    }

    public IEnumerable<(long Device, long Minute, string Field, SeriesAccumulator Rollup)> Rollups =>
        _rollups.OrderBy(r => r.Key.Device).ThenBy(r => r.Key.Minute).ThenBy(r => r.Key.Field, StringComparer.Ordinal)
            .Select(r => (r.Key.Device, r.Key.Minute, r.Key.Field, r.Value));

    public IEnumerable<LatestSample> Latest =>
        _latest.Values.OrderBy(l => l.Device).ThenBy(l => l.Sample.Name, StringComparer.Ordinal);

    /// <summary>The start (Unix ms) of the rollup minute holding <paramref name="timestampMs"/>.</summary>
    public static long MinuteOf(long timestampMs) => Math.DivRem(timestampMs, RollupMilliseconds) is var (q, r) && r < 0
        ? (q - 1) * RollupMilliseconds
        : q * RollupMilliseconds;

    public void Clear()
    {
        _rollups.Clear();
        _latest.Clear();
    }

    /// <summary>A field's value in a batch's last message (by time, then sequence) that had it.</summary>
    public readonly record struct LatestSample(long Device, FieldSample Sample, long TimestampMs, long Sequence, string Mid)
    {
        public bool IsAfter(LatestSample other) =>
            TimestampMs != other.TimestampMs ? TimestampMs > other.TimestampMs : Sequence > other.Sequence;
    }
}
