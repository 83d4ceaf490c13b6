namespace Gatehouse.Gateway.Http.Messages.Contracts;

/// <summary>One field over one interval [start, start + interval). Min, max and avg are absent for text-only fields.</summary>
public sealed record SeriesBucketView(DateTimeOffset Start, long StartMs, string Field, long Count, double? Min, double? Max, double? Avg);
