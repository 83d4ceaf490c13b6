using Gatehouse.Runtime;

namespace Gatehouse.Grains.Messages;

/// <summary>
/// One field over one interval. Empty intervals have no bucket. For a field with no numeric values
/// in the interval (text), <see cref="Min"/>, <see cref="Max"/> and <see cref="Avg"/> are null.
/// </summary>
[Immutable]
public sealed record SeriesBucket(DateTimeOffset Start, string Field, long Count, double? Min, double? Max, double? Avg);
