using System.Collections.Immutable;

namespace Gatehouse.Grains.Audit.Memory;

/// <summary>
/// An audit log held in this process's memory, for tests and throwaway silos. It applies the
/// same validation, stamping and query rules as the SQL stores; "durable" here means "in the
/// list", and nothing survives the process.
/// </summary>
public sealed class MemoryAuditLog : IAuditLog
{
    // One lock: appends are a list add and queries a scan, both short; a single lock also makes
    // sequence order and list order the same, which is what keeps cursors complete.
    private readonly Lock _lock = new();
    private readonly List<AuditEvent> _events = [];
    private readonly TimeProvider _timeProvider;

    public MemoryAuditLog(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public ValueTask AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        var prepared = AuditValidation.PrepareForAppend(auditEvent, _timeProvider);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            _events.Add(prepared with { Sequence = _events.Count + 1 });
        }
        return ValueTask.CompletedTask;
    }

    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        var limit = AuditValidation.EffectiveLimit(query);
        cancellationToken.ThrowIfCancellationRequested();
        var matches = ImmutableArray.CreateBuilder<AuditEvent>(limit);
        var more = false;
        lock (_lock)
        {
            // Sequence n is at index n - 1, so a cursor is a jump, not a scan.
            var start = query.After is { } after && after > 0 ? (int)Math.Min(after, _events.Count) : 0;
            for (var i = start; i < _events.Count; i++)
            {
                var candidate = _events[i];
                if (!Matches(candidate, query))
                {
                    continue;
                }
                if (matches.Count == limit)
                {
                    more = true;
                    break;
                }
                matches.Add(candidate);
            }
        }
        long? next = more ? matches[^1].Sequence : null;
        return Task.FromResult(new AuditPage(matches.DrainToImmutable(), next));
    }

    private static bool Matches(AuditEvent candidate, AuditQuery query)
        => (query.AccountId is null || candidate.AccountId == query.AccountId)
            && (query.ActorId is null || candidate.Actor.Id == query.ActorId)
            && (query.SubjectId is null || candidate.SubjectId == query.SubjectId)
            && (query.ActionPrefix is null || candidate.Action.StartsWith(query.ActionPrefix, StringComparison.Ordinal))
            && (query.From is not { } from || candidate.Timestamp >= from)
            && (query.To is not { } to || candidate.Timestamp < to);
}
