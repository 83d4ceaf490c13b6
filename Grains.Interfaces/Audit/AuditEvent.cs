using System.Collections.Immutable;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Audit;

/// <summary>
/// One entry of the append-only audit log: an authentication success or failure, or a change to
/// a permission or a credential. Grains build it and hand it to <c>IAuditLog.AppendAsync</c>,
/// which stamps <see cref="Timestamp"/> and, once stored, <see cref="Sequence"/>.
/// <para>
/// Nothing in an event may be secret: no password (right or wrong), key secret, token, MFA code
/// or hash, in any field and in particular not in <see cref="Details"/>. Administrators of an
/// account read these events, and they are kept forever.
/// </para>
/// <para>
/// Marked <see cref="ImmutableAttribute"/> (every member is an immutable type) so grain calls pass
/// events and pages by reference instead of copying them.
/// </para>
/// </summary>
[Immutable]
public sealed record AuditEvent
{
    /// <summary>
    /// The store's number for this event: increasing in the order events were committed, never
    /// reused, with possible gaps. Zero until stored; any value given to <c>AppendAsync</c> is ignored.
    /// </summary>
    public long Sequence { get; init; }

    /// <summary>
    /// When the event was appended, by the audit log's <see cref="TimeProvider"/>, in UTC with
    /// millisecond precision. Any value given to <c>AppendAsync</c> is replaced, so a caller cannot back-date.
    /// </summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>One of <see cref="AuditActions"/>; anything else is rejected.</summary>
    public required string Action { get; init; }

    public required AuditOutcome Outcome { get; init; }

    public required AuditActor Actor { get; init; }

    /// <summary>The kind of thing acted on, by its grain type name: <c>user</c>, <c>apikey</c>, <c>role</c>, …</summary>
    public string? SubjectType { get; init; }

    public string? SubjectId { get; init; }

    /// <summary>
    /// The account the event belongs to (the subject's, which for a system administrator acting on
    /// an account is not the actor's). Account administrators with <c>audit:read</c> see exactly
    /// the events carrying their account id.
    /// </summary>
    public string? AccountId { get; init; }

    /// <summary>The client's network address as the gateway saw it, when known.</summary>
    public string? SourceAddress { get; init; }

    /// <summary>
    /// A few extra facts (a reason, a role name, the permissions granted): at most
    /// <see cref="MaxDetails"/> entries. Never a secret — see the type's remarks.
    /// </summary>
    public ImmutableDictionary<string, string> Details { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The most entries <see cref="Details"/> may hold.</summary>
    public const int MaxDetails = 16;

    /// <summary>
    /// The longest string the log keeps in any field; longer ones are cut. Cutting rather than
    /// rejecting matters because attackers choose the user names and key ids of failed attempts:
    /// a long one must not turn a recorded 401 into an unrecorded 500.
    /// </summary>
    public const int MaxFieldLength = 512;
}
