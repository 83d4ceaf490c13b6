using System.Collections.Immutable;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Audit;

/// <summary>
/// One page of audit events, oldest first. <see cref="NextCursor"/> is set when more events
/// matched than fit: pass it as <see cref="AuditQuery.After"/> for the next page. It is null on
/// the last page (a later query may still find events appended since).
/// </summary>
[Immutable]
public sealed record AuditPage(ImmutableArray<AuditEvent> Events, long? NextCursor)
{
    public static AuditPage Empty { get; } = new([], null);
}
