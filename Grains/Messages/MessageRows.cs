using System.Collections.Immutable;
using System.Data.Common;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Security;

namespace Gatehouse.Grains.Messages;

/// <summary>
/// What the SQL stores share about rows: the columns a page selects and how a row becomes a
/// <see cref="DeviceMessage"/>, how a latest-value row becomes a <see cref="FieldValue"/>, and how
/// an aggregate result is put in the contract's order. Times are Unix milliseconds in both dialects.
/// </summary>
internal static class MessageRows
{
    /// <summary>The columns <see cref="ReadMessage"/> reads, in its order.</summary>
    public const string MessageColumns =
        "ts, sequence, mid, received_at, device_ts, sender_kind, sender_id, credential_kind, credential_id, payload";

    /// <summary>
    /// Every field the device has rollups for, found by a loose index scan (one seek per field,
    /// however many minutes each has) as the CTE <c>fields(name)</c>.
    /// </summary>
    public const string AllFieldsCte = """
        WITH RECURSIVE fields(name) AS (
            SELECT MIN(field) FROM message_rollups WHERE device_key = @device
            UNION ALL
            SELECT (SELECT MIN(field) FROM message_rollups WHERE device_key = @device AND field > fields.name) FROM fields WHERE fields.name IS NOT NULL
        )
        """;

    /// <summary>Each field's latest value: the last value of its latest minute (read by <see cref="ReadLatest"/>).</summary>
    public const string LatestSql = AllFieldsCte + """
        SELECT r.field, r.last_type, r.last_ts, r.last_mid, r.last_number, r.last_text, r.last_sequence
        FROM fields CROSS JOIN message_rollups r
        WHERE fields.name IS NOT NULL AND r.device_key = @device AND r.field = fields.name
          AND r.minute = (SELECT MAX(minute) FROM message_rollups WHERE device_key = @device AND field = fields.name)
        """;

    /// <summary>The rollups of the fields in the CTE <c>fields(name)</c> for minutes in [@from, @to).</summary>
    public const string RollupRangeSql = """
        SELECT r.minute, r.field, r.count, r.numeric_count, r.sum, r.min, r.max
        FROM fields CROSS JOIN message_rollups r
        WHERE fields.name IS NOT NULL AND r.device_key = @device AND r.field = fields.name AND r.minute >= @from AND r.minute < @to
        """;

    /// <summary>Adds one rollup row (as <see cref="RollupRangeSql"/> selects it) to its bucket.</summary>
    public static void AccumulateRollup(SeriesQuery query, DbDataReader row, Dictionary<(long Index, string Field), SeriesAccumulator> buckets)
    {
        var key = (MessageQueryRules.BucketIndex(query, row.GetInt64(0)), row.GetString(1));
        if (!buckets.TryGetValue(key, out var accumulator))
        {
            buckets[key] = accumulator = new SeriesAccumulator();
        }
        var numeric = row.GetInt64(3);
        accumulator.Add(row.GetInt64(2), numeric, row.GetDouble(4), numeric > 0 ? row.GetDouble(5) : 0, numeric > 0 ? row.GetDouble(6) : 0);
    }

    public static DeviceMessage ReadMessage(DbDataReader row, string deviceId) => new(
        row.GetString(2),
        deviceId,
        new MessageSender(
            Enum.Parse<PrincipalKind>(row.GetString(5)),
            row.GetString(6),
            Enum.Parse<CredentialKind>(row.GetString(7)),
            row.IsDBNull(8) ? null : row.GetString(8)),
        DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(3)),
        row.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(4)),
        row.GetString(9));

    public static FieldValue ReadLatest(DbDataReader row)
    {
        var type = Enum.Parse<FieldType>(row.GetString(1));
        double? number = row.IsDBNull(4) ? null : row.GetDouble(4);
        return new FieldValue(row.GetString(0), type, DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(2)), row.GetString(3))
        {
            Number = type == FieldType.Number ? number : null,
            Boolean = type == FieldType.Boolean ? number != 0 : null,
            Text = type == FieldType.String ? (row.IsDBNull(5) ? "" : row.GetString(5)) : null,
        };
    }

    /// <summary>A sample of a message at <paramref name="timestampMs"/> as a latest value (as <see cref="ReadLatest"/> reads it from a rollup).</summary>
    public static FieldValue ToLatest(FieldSample sample, long timestampMs, string mid) =>
        new(sample.Name, sample.Type, DateTimeOffset.FromUnixTimeMilliseconds(timestampMs), mid)
        {
            Number = sample.Type == FieldType.Number ? sample.Number : null,
            Boolean = sample.Type == FieldType.Boolean ? sample.Number != 0 : null,
            Text = sample.Type == FieldType.String ? sample.Text ?? "" : null,
        };

    /// <summary>Reads a page from rows in the range's order, of which there may be one more than the limit.</summary>
    public static async Task<MessagePage> ReadPageAsync(DbDataReader reader, string deviceId, int limit, CancellationToken cancellationToken)
    {
        var messages = ImmutableArray.CreateBuilder<DeviceMessage>(limit);
        MessageCursor last = default;
        var more = false;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (messages.Count == limit)
            {
                more = true;
                break;
            }
            messages.Add(ReadMessage(reader, deviceId));
            last = new MessageCursor(reader.GetInt64(0), reader.GetInt64(1));
        }
        return new MessagePage(messages.DrainToImmutable(), more ? last.ToString() : null);
    }

    /// <summary>The contract's order: bucket start, then field name (ordinal, whatever the database's collation).</summary>
    public static ImmutableArray<SeriesBucket> ToBuckets(SeriesQuery query, Dictionary<(long Index, string Field), SeriesAccumulator> buckets) =>
        buckets.OrderBy(b => b.Key.Index).ThenBy(b => b.Key.Field, StringComparer.Ordinal)
            .Select(b => b.Value.ToBucket(MessageQueryRules.BucketStart(query, b.Key.Index), b.Key.Field))
            .ToImmutableArray();

    public static ImmutableArray<FieldValue> SortLatest(List<FieldValue> values) =>
        values.OrderBy(v => v.Field, StringComparer.Ordinal).ToImmutableArray();

    /// <summary>
    /// Whether a series can be read from per-minute rollups: its buckets start on minute
    /// boundaries and are whole minutes long, so each minute falls wholly into one bucket.
    /// </summary>
    public static bool IsMinuteAligned(SeriesQuery query) =>
        query.Interval.Ticks % TimeSpan.TicksPerMinute == 0
        && (query.From.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) % TimeSpan.TicksPerMinute == 0;

    /// <summary>Adds one raw message's samples to their buckets.</summary>
    public static void Accumulate(SeriesQuery query, HashSet<string>? wanted, long timestampMs, ReadOnlySpan<byte> fields, Dictionary<(long Index, string Field), SeriesAccumulator> buckets)
    {
        var state = (Index: MessageQueryRules.BucketIndex(query, timestampMs), Wanted: wanted, Buckets: buckets);
        FieldSampleCodec.Decode(fields, ref state, static (ref (long Index, HashSet<string>? Wanted, Dictionary<(long, string), SeriesAccumulator> Buckets) s, FieldSample sample) =>
        {
            if (s.Wanted is not null && !s.Wanted.Contains(sample.Name))
            {
                return;
            }
            if (!s.Buckets.TryGetValue((s.Index, sample.Name), out var accumulator))
            {
                s.Buckets[(s.Index, sample.Name)] = accumulator = new SeriesAccumulator();
            }
            accumulator.Add(sample);
        });
    }
}
