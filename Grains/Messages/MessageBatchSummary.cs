namespace Gatehouse.Grains.Messages;

/// <summary>
/// What a batch of messages adds to the rollups: per (device, field, minute), the aggregate of the
/// batch's values and the batch's last value (by time, then sequence). Computed in memory so each
/// rollup row is written once per batch however many messages of the batch touch it. A rollup row
/// also carries the last value of its minute, so a field's latest value is the last value of its
/// latest minute, and no separate latest-value row has to be written per message. Entries come
/// out sorted by key, so concurrent writers (PostgreSQL silos) lock rows in one order.
/// </summary>
public sealed class MessageBatchSummary
{
    /// <summary>The length of a rollup: the series API's finest common interval.</summary>
    public const long RollupMilliseconds = 60_000;

    private readonly Dictionary<(long Device, string Field, long Minute), Entry> _entries = [];

    public void Add(long deviceKey, long timestampMs, long sequence, string mid, IReadOnlyList<FieldSample> fields)
    {
        foreach (var sample in fields)
        {
            Add(deviceKey, timestampMs, sequence, mid, sample);
        }
    }

    public void Add(long deviceKey, long timestampMs, long sequence, string mid, FieldSample sample)
    {
        var minute = MinuteOf(timestampMs);
        var last = new LastSample(sample, timestampMs, sequence, mid);
        if (!_entries.TryGetValue((deviceKey, sample.Name, minute), out var entry))
        {
            _entries[(deviceKey, sample.Name, minute)] = entry = new Entry(deviceKey, sample.Name, minute, last);
        }
        else if (last.IsAfter(entry.Last))
        {
            entry.Last = last;
        }
        entry.Rollup.Add(sample);
    }

    public int Count => _entries.Count;

    public IEnumerable<Entry> Entries =>
        _entries.Values.OrderBy(e => e.Device).ThenBy(e => e.Field, StringComparer.Ordinal).ThenBy(e => e.Minute);

    /// <summary>The start (Unix ms) of the rollup minute holding <paramref name="timestampMs"/>.</summary>
    public static long MinuteOf(long timestampMs) => Math.DivRem(timestampMs, RollupMilliseconds) is var (q, r) && r < 0
        ? (q - 1) * RollupMilliseconds
        : q * RollupMilliseconds;

    public void Clear() => _entries.Clear();

    /// <summary>One rollup row's worth of a batch.</summary>
    public sealed class Entry(long device, string field, long minute, LastSample last)
    {
        public long Device { get; } = device;

        public string Field { get; } = field;

        public long Minute { get; } = minute;

        public SeriesAccumulator Rollup { get; } = new();

        public LastSample Last { get; set; } = last;
    }

    /// <summary>A field's value in the last message (by time, then sequence) that had it.</summary>
    public readonly record struct LastSample(FieldSample Sample, long TimestampMs, long Sequence, string Mid)
    {
        public bool IsAfter(LastSample other) =>
            TimestampMs != other.TimestampMs ? TimestampMs > other.TimestampMs : Sequence > other.Sequence;
    }
}
