using Gatehouse.Runtime;

namespace Gatehouse.Grains.Audit;

/// <summary>
/// Which audit events to return: every filter that is set must match. Results come oldest first
/// (by <see cref="AuditEvent.Sequence"/>); to page, pass the previous page's
/// <see cref="AuditPage.NextCursor"/> as <see cref="After"/>. Because the log is append-only and
/// sequences grow in commit order, paging this way neither skips nor repeats an event, even while
/// new events arrive.
/// </summary>
[Immutable]
public sealed record AuditQuery
{
    public const int DefaultLimit = 100;

    public const int MaxLimit = 1000;

    public string? AccountId { get; init; }

    /// <summary>Matches <see cref="AuditActor.Id"/>.</summary>
    public string? ActorId { get; init; }

    public string? SubjectId { get; init; }

    /// <summary>
    /// A plain, case-sensitive string prefix of <see cref="AuditEvent.Action"/> (no wildcards):
    /// <c>auth.</c> selects every authentication event, <c>key.revoked</c> one action.
    /// </summary>
    public string? ActionPrefix { get; init; }

    /// <summary>Only events at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only events before this time (exclusive).</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>The cursor: only events with a greater <see cref="AuditEvent.Sequence"/>.</summary>
    public long? After { get; init; }

    /// <summary>Page size: at least 1; more than <see cref="MaxLimit"/> is treated as <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = DefaultLimit;
}
