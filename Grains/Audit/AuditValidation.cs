using System.Collections.Immutable;

namespace Gatehouse.Grains.Audit;

/// <summary>
/// What every <see cref="IAuditLog"/> does to an event before storing it and to a query before
/// running it, so the stores cannot differ on it.
/// </summary>
internal static class AuditValidation
{
    /// <summary>
    /// Checks what only a programming error gets wrong (unknown action, undefined enum values, too
    /// many details) and throws for it; cleans what an attacker controls (over-long or NUL-bearing
    /// claimed names) instead of throwing, so a hostile input is still recorded; and stamps the time.
    /// </summary>
    public static AuditEvent PrepareForAppend(AuditEvent auditEvent, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        if (!AuditActions.IsKnown(auditEvent.Action))
        {
            throw new ArgumentException($"'{auditEvent.Action}' is not an audit action. Add it to AuditActions first.", nameof(auditEvent));
        }
        if (!Enum.IsDefined(auditEvent.Outcome))
        {
            throw new ArgumentException($"{auditEvent.Outcome} is not an AuditOutcome.", nameof(auditEvent));
        }
        var actor = auditEvent.Actor ?? throw new ArgumentException("An audit event needs an actor (AuditActor.Anonymous if nobody).", nameof(auditEvent));
        if (!Enum.IsDefined(actor.Kind) || !Enum.IsDefined(actor.Credential))
        {
            throw new ArgumentException($"The actor's kind ({actor.Kind}) or credential kind ({actor.Credential}) is undefined.", nameof(auditEvent));
        }
        var details = auditEvent.Details ?? ImmutableDictionary<string, string>.Empty;
        if (details.Count > AuditEvent.MaxDetails)
        {
            throw new ArgumentException($"An audit event may carry at most {AuditEvent.MaxDetails} details; this one has {details.Count}.", nameof(auditEvent));
        }

        // Stores keep milliseconds (SQLite as Unix milliseconds), so every store stamps at that
        // precision and an event reads back exactly as it was appended.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        return auditEvent with
        {
            Sequence = 0,
            Timestamp = now,
            Actor = NeedsCleaning(actor.Id) || NeedsCleaning(actor.CredentialId)
                ? actor with { Id = Clean(actor.Id), CredentialId = Clean(actor.CredentialId) }
                : actor,
            SubjectType = Clean(auditEvent.SubjectType),
            SubjectId = Clean(auditEvent.SubjectId),
            AccountId = Clean(auditEvent.AccountId),
            SourceAddress = Clean(auditEvent.SourceAddress),
            Details = CleanDetails(details),
        };
    }

    /// <summary>The number of events to return; throws for a limit below 1.</summary>
    public static int EffectiveLimit(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit < 1)
        {
            throw new InvalidRequestException($"An audit query's limit must be between 1 and {AuditQuery.MaxLimit}; it was {query.Limit}.");
        }
        return Math.Min(query.Limit, AuditQuery.MaxLimit);
    }

    private static ImmutableDictionary<string, string> CleanDetails(ImmutableDictionary<string, string> details)
    {
        if (!details.Any(static d => NeedsCleaning(d.Key) || NeedsCleaning(d.Value)))
        {
            return details;
        }
        var builder = ImmutableDictionary.CreateBuilder<string, string>(details.KeyComparer, details.ValueComparer);
        foreach (var (key, value) in details)
        {
            builder[Clean(key)!] = Clean(value) ?? "";
        }
        return builder.ToImmutable();
    }

    private static bool NeedsCleaning(string? value)
        => value is not null && (value.Length > AuditEvent.MaxFieldLength || value.Contains('\0', StringComparison.Ordinal));

    // PostgreSQL text cannot hold NUL, and one bad row would fail the whole batch it is in, so
    // NUL becomes U+FFFD. Cutting never splits a surrogate pair.
    private static string? Clean(string? value)
    {
        if (!NeedsCleaning(value))
        {
            return value;
        }
        var length = Math.Min(value!.Length, AuditEvent.MaxFieldLength);
        if (length < value.Length && char.IsHighSurrogate(value[length - 1]))
        {
            length--;
        }
        return value[..length].Replace('\0', '\uFFFD');
    }
}
