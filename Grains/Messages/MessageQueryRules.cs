namespace Gatehouse.Grains.Messages;

/// <summary>The checks every store applies to queries, so all stores refuse the same bad input with the same words.</summary>
public static class MessageQueryRules
{
    /// <summary>Validates a range; returns its parsed cursor, if any.</summary>
    public static MessageCursor? Check(MessageRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        if (range.Limit is < 1 or > MessageRange.MaxLimit)
        {
            throw new InvalidRequestException($"limit must be between 1 and {MessageRange.MaxLimit}.");
        }
        if (range.From is { } from && range.To is { } to && to < from)
        {
            throw new InvalidRequestException("The range ends before it starts.");
        }
        return range.Cursor is { } cursor ? MessageCursor.Parse(cursor) : null;
    }

    /// <summary>Validates a series query; returns the number of buckets it spans.</summary>
    public static long Check(SeriesQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.To <= query.From)
        {
            throw new InvalidRequestException("A series needs a range that ends after it starts.");
        }
        if (query.Interval < SeriesQuery.MinInterval)
        {
            throw new InvalidRequestException($"The interval must be at least {SeriesQuery.MinInterval.TotalSeconds:0} s.");
        }
        var buckets = (long)Math.Ceiling((query.To - query.From) / query.Interval);
        if (buckets > SeriesQuery.MaxBuckets)
        {
            throw new InvalidRequestException($"The range holds {buckets} intervals; at most {SeriesQuery.MaxBuckets} are returned. Use a longer interval or a shorter range.");
        }
        return buckets;
    }

    /// <summary>
    /// A message's place in its series as every store keeps it: its <see cref="DeviceMessage.Timestamp"/>
    /// in whole Unix milliseconds (the device grain already truncates to milliseconds).
    /// </summary>
    public static long SeriesMilliseconds(DeviceMessage message) => message.Timestamp.ToUnixTimeMilliseconds();

    /// <summary>
    /// A range bound in stored milliseconds. Stored times are whole milliseconds, so "at or after t"
    /// and "before t" stay exact when t is rounded UP to the next whole millisecond; truncating
    /// instead would let in (or, for retention, keep) a message from just before a finer bound.
    /// </summary>
    public static long BoundMilliseconds(DateTimeOffset bound)
    {
        var ticks = bound.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return ticks >= 0
            ? (ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond
            : -(-ticks / TimeSpan.TicksPerMillisecond);
    }

    /// <summary>The index of the bucket holding a message at <paramref name="milliseconds"/> (at or after <see cref="SeriesQuery.From"/>).</summary>
    public static long BucketIndex(SeriesQuery query, long milliseconds) =>
        (milliseconds * TimeSpan.TicksPerMillisecond - (query.From.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks)) / query.Interval.Ticks;

    /// <summary>The start of bucket <paramref name="index"/>.</summary>
    public static DateTimeOffset BucketStart(SeriesQuery query, long index) => query.From + TimeSpan.FromTicks(index * query.Interval.Ticks);

    /// <summary>The start of the bucket holding <paramref name="timestamp"/>.</summary>
    public static DateTimeOffset BucketStart(SeriesQuery query, DateTimeOffset timestamp) =>
        query.From + TimeSpan.FromTicks((timestamp - query.From).Ticks / query.Interval.Ticks * query.Interval.Ticks);
}
