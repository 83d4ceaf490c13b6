using System.Collections.Immutable;
using Gatehouse.Grains.Security;

namespace Gatehouse.Grains.Audit;

/// <summary>The one-line form grains use to record what a caller did to a subject.</summary>
public static class AuditLogRecording
{
    public static ValueTask RecordAsync(
        this IAuditLog log, string action, Caller caller, string subjectType, string subjectId, string? accountId,
        AuditOutcome outcome = AuditOutcome.Succeeded, ImmutableDictionary<string, string>? details = null) =>
        log.AppendAsync(new AuditEvent
        {
            Action = action,
            Outcome = outcome,
            Actor = AuditActor.From(caller),
            SubjectType = subjectType,
            SubjectId = subjectId,
            AccountId = accountId,
            Details = details ?? ImmutableDictionary<string, string>.Empty,
        });

    /// <summary>For actions with no caller record: failed attempts, and work a grain does for itself.</summary>
    public static ValueTask RecordAsync(
        this IAuditLog log, string action, AuditActor actor, string subjectType, string subjectId, string? accountId,
        AuditOutcome outcome, string? sourceAddress = null, ImmutableDictionary<string, string>? details = null) =>
        log.AppendAsync(new AuditEvent
        {
            Action = action,
            Outcome = outcome,
            Actor = actor,
            SubjectType = subjectType,
            SubjectId = subjectId,
            AccountId = accountId,
            SourceAddress = sourceAddress,
            Details = details ?? ImmutableDictionary<string, string>.Empty,
        });
}
