using System.Collections.Immutable;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Messages;

/// <summary>
/// Aggregates of a device's numeric fields per interval over [<see cref="From"/>, <see cref="To"/>).
/// Buckets start at <see cref="From"/> + k·<see cref="Interval"/>, each half-open. Booleans count
/// as 0 and 1; text fields are counted only.
/// </summary>
/// <param name="Fields">The fields to aggregate; empty or default: every field with data in the range.</param>
[Immutable]
public sealed record SeriesQuery(DateTimeOffset From, DateTimeOffset To, TimeSpan Interval, ImmutableArray<string> Fields = default)
{
    /// <summary>At most this many buckets per query (a year of minutes is 525,600; ask for coarser intervals).</summary>
    public const int MaxBuckets = 100_000;

    /// <summary>The shortest interval.</summary>
    public static TimeSpan MinInterval { get; } = TimeSpan.FromSeconds(1);
}
