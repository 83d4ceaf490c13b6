using System.Collections.Immutable;

namespace Gatehouse.Gateway.Http.Messages.Contracts;

/// <summary>GET …/series: aggregates per interval over [from, to), ordered by start then field; empty intervals have no bucket.</summary>
public sealed record SeriesResponse(string DeviceId, DateTimeOffset From, DateTimeOffset To, string Interval, ImmutableArray<SeriesBucketView> Buckets);
