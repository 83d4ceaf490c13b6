using System.Collections.Immutable;

namespace Gatehouse.Gateway.Http.Messages.Contracts;

/// <summary>GET …/series/latest: the latest value of every field the device has sent, by field name.</summary>
public sealed record LatestValuesResponse(string DeviceId, ImmutableArray<FieldValueView> Values);
