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

    /// <summary>The start of the bucket holding <paramref name="timestamp"/>.</summary>
    public static DateTimeOffset BucketStart(SeriesQuery query, DateTimeOffset timestamp) =>
        query.From + TimeSpan.FromTicks((timestamp - query.From).Ticks / query.Interval.Ticks * query.Interval.Ticks);
}
