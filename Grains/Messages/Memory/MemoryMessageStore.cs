using System.Collections.Immutable;
using Gatehouse.Grains.Devices;

namespace Gatehouse.Grains.Messages.Memory;

/// <summary>
/// Messages in this process's memory, for tests and throwaway silos. It follows the same ordering,
/// cursor and aggregation rules as the SQL stores (a shared contract test holds them to it);
/// "durable" means "in the list", and nothing survives the process.
/// </summary>
public sealed class MemoryMessageStore : IMessageStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<Entry>> _devices = new(StringComparer.Ordinal);
    private long _sequence;

    public ValueTask AppendAsync(StoredMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_devices.TryGetValue(message.Message.DeviceId, out var entries))
            {
                _devices[message.Message.DeviceId] = entries = [];
            }
            var entry = new Entry(message, MessageQueryRules.SeriesMilliseconds(message.Message), ++_sequence);
            // Kept sorted by (time, sequence); devices mostly send in time order, so this is an append.
            var index = entries.Count;
            while (index > 0 && Compare(entries[index - 1], entry) > 0)
            {
                index--;
            }
            entries.Insert(index, entry);
        }
        return ValueTask.CompletedTask;
    }

    public Task<MessagePage> ReadAsync(string deviceId, MessageRange range, CancellationToken cancellationToken = default)
    {
        var cursor = MessageQueryRules.Check(range);
        var from = range.From is { } f ? MessageQueryRules.BoundMilliseconds(f) : long.MinValue;
        var to = range.To is { } t ? MessageQueryRules.BoundMilliseconds(t) : long.MaxValue;
        var page = ImmutableArray.CreateBuilder<DeviceMessage>();
        Entry? last = null;
        var more = false;
        lock (_lock)
        {
            if (_devices.TryGetValue(deviceId, out var entries))
            {
                IEnumerable<Entry> ordered = range.Descending ? Enumerable.Reverse(entries) : entries;
                foreach (var entry in ordered)
                {
                    if (entry.TimestampMs < from || entry.TimestampMs >= to || !AfterCursor(entry, cursor, range.Descending))
                    {
                        continue;
                    }
                    if (page.Count == range.Limit)
                    {
                        more = true;
                        break;
                    }
                    page.Add(entry.Stored.Message);
                    last = entry;
                }
            }
        }
        var next = more && last is { } l ? new MessageCursor(l.TimestampMs, l.Sequence).ToString() : null;
        return Task.FromResult(new MessagePage(page.ToImmutable(), next));
    }

    public Task<ImmutableArray<FieldValue>> LatestAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        var latest = new SortedDictionary<string, FieldValue>(StringComparer.Ordinal);
        lock (_lock)
        {
            if (_devices.TryGetValue(deviceId, out var entries))
            {
                for (var i = entries.Count - 1; i >= 0; i--)
                {
                    var message = entries[i].Stored.Message;
                    foreach (var sample in entries[i].Stored.Fields)
                    {
                        if (!latest.ContainsKey(sample.Name))
                        {
                            latest[sample.Name] = ToValue(sample, message);
                        }
                    }
                }
            }
        }
        return Task.FromResult(latest.Values.ToImmutableArray());
    }

    public Task<ImmutableArray<SeriesBucket>> AggregateAsync(string deviceId, SeriesQuery query, CancellationToken cancellationToken = default)
    {
        MessageQueryRules.Check(query);
        var wanted = query.Fields.IsDefaultOrEmpty ? null : query.Fields.ToHashSet(StringComparer.Ordinal);
        var from = MessageQueryRules.BoundMilliseconds(query.From);
        var to = MessageQueryRules.BoundMilliseconds(query.To);
        var buckets = new SortedDictionary<(long Index, string Field), SeriesAccumulator>(BucketOrder.Instance);
        lock (_lock)
        {
            if (_devices.TryGetValue(deviceId, out var entries))
            {
                foreach (var entry in entries)
                {
                    if (entry.TimestampMs < from || entry.TimestampMs >= to)
                    {
                        continue;
                    }
                    var index = MessageQueryRules.BucketIndex(query, entry.TimestampMs);
                    foreach (var sample in entry.Stored.Fields)
                    {
                        if (wanted is not null && !wanted.Contains(sample.Name))
                        {
                            continue;
                        }
                        if (!buckets.TryGetValue((index, sample.Name), out var accumulator))
                        {
                            buckets[(index, sample.Name)] = accumulator = new SeriesAccumulator();
                        }
                        accumulator.Add(sample);
                    }
                }
            }
        }
        return Task.FromResult(buckets.Select(b => b.Value.ToBucket(MessageQueryRules.BucketStart(query, b.Key.Index), b.Key.Field)).ToImmutableArray());
    }

    public Task<long> DeleteDeviceAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_devices.Remove(deviceId, out var entries) ? (long)entries.Count : 0L);
        }
    }

    public Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        long removed = 0;
        var cutoffMs = MessageQueryRules.BoundMilliseconds(cutoff);
        lock (_lock)
        {
            foreach (var entries in _devices.Values)
            {
                removed += entries.RemoveAll(e => e.TimestampMs < cutoffMs);
            }
        }
        return Task.FromResult(removed);
    }

    private static FieldValue ToValue(FieldSample sample, DeviceMessage message) => new(sample.Name, sample.Type, message.Timestamp, message.Mid)
    {
        Number = sample.Type == FieldType.Number ? sample.Number : null,
        Boolean = sample.Type == FieldType.Boolean ? sample.Number != 0 : null,
        Text = sample.Type == FieldType.String ? sample.Text : null,
    };

    private static int Compare(Entry a, Entry b) =>
        a.TimestampMs != b.TimestampMs ? a.TimestampMs.CompareTo(b.TimestampMs) : a.Sequence.CompareTo(b.Sequence);

    private static bool AfterCursor(Entry entry, MessageCursor? cursor, bool descending)
    {
        if (cursor is not { } c)
        {
            return true;
        }
        var order = Compare(entry, new Entry(null!, c.TimestampMs, c.Sequence));
        return descending ? order < 0 : order > 0;
    }

    private sealed record Entry(StoredMessage Stored, long TimestampMs, long Sequence);

    // Field names compare ordinally, whatever the culture: the order every store returns.
    private sealed class BucketOrder : IComparer<(long Index, string Field)>
    {
        public static BucketOrder Instance { get; } = new();

        public int Compare((long Index, string Field) x, (long Index, string Field) y) =>
            x.Index != y.Index ? x.Index.CompareTo(y.Index) : string.CompareOrdinal(x.Field, y.Field);
    }
}
