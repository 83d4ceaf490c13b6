using System.Collections.Immutable;
using System.Data.Common;
using System.Text;
using Gatehouse.Grains.Security;

namespace Gatehouse.Grains.Audit;

/// <summary>
/// The SQL the SQLite and PostgreSQL audit stores share: the <c>audit_log</c> columns (created by
/// the runtime's schema migration 2), the query builder and the row reader. Only how times are
/// stored and how a prefix is matched differ, and the stores pass those in.
/// </summary>
internal static class AuditLogSql
{
    /// <summary>Every column an append writes, in order.</summary>
    public const string InsertColumns =
        "service_id, occurred_at, action, outcome, actor_kind, actor_id, credential_kind, credential_id, " +
        "subject_type, subject_id, account_id, source_address, details";

    /// <summary>What <see cref="ReadEvent"/> reads, in its order.</summary>
    private const string SelectColumns =
        "sequence, occurred_at, action, outcome, actor_kind, actor_id, credential_kind, credential_id, " +
        "subject_type, subject_id, account_id, source_address, details";

    /// <summary>
    /// Fills <paramref name="command"/> with the query for one page, fetching one row more than
    /// <paramref name="limit"/> to learn whether another page exists. Every filter is a parameter;
    /// the SQL text varies only by which filters are present.
    /// </summary>
    /// <param name="actionPrefixCondition">The dialect's "action starts with @action_prefix".</param>
    /// <param name="timeValue">The dialect's parameter value for an <c>occurred_at</c> bound.</param>
    public static void BuildQuery(DbCommand command, string serviceId, AuditQuery query, int limit, string actionPrefixCondition, Func<DateTimeOffset, object> timeValue)
    {
        var sql = new StringBuilder($"SELECT {SelectColumns} FROM audit_log WHERE service_id = @service_id");
        Add(command, "@service_id", serviceId);
        if (query.After is { } after)
        {
            sql.Append(" AND sequence > @after");
            Add(command, "@after", after);
        }
        if (query.AccountId is not null)
        {
            sql.Append(" AND account_id = @account_id");
            Add(command, "@account_id", query.AccountId);
        }
        if (query.ActorId is not null)
        {
            sql.Append(" AND actor_id = @actor_id");
            Add(command, "@actor_id", query.ActorId);
        }
        if (query.SubjectId is not null)
        {
            sql.Append(" AND subject_id = @subject_id");
            Add(command, "@subject_id", query.SubjectId);
        }
        if (!string.IsNullOrEmpty(query.ActionPrefix))
        {
            sql.Append(" AND ").Append(actionPrefixCondition);
            Add(command, "@action_prefix", query.ActionPrefix);
        }
        if (query.From is { } from)
        {
            sql.Append(" AND occurred_at >= @from");
            Add(command, "@from", timeValue(from));
        }
        if (query.To is { } to)
        {
            sql.Append(" AND occurred_at < @to");
            Add(command, "@to", timeValue(to));
        }
        sql.Append(" ORDER BY sequence LIMIT @limit");
        Add(command, "@limit", (long)limit + 1);
        command.CommandText = sql.ToString();
    }

    /// <summary>Reads a page from rows in sequence order, of which there may be one more than <paramref name="limit"/>.</summary>
    public static async Task<AuditPage> ReadPageAsync(DbDataReader reader, int limit, Func<DbDataReader, int, DateTimeOffset> readTime, CancellationToken cancellationToken)
    {
        var events = ImmutableArray.CreateBuilder<AuditEvent>(limit);
        var more = false;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (events.Count == limit)
            {
                more = true;
                break;
            }
            events.Add(ReadEvent(reader, readTime(reader, 1)));
        }
        long? next = more ? events[^1].Sequence : null;
        return new AuditPage(events.DrainToImmutable(), next);
    }

    /// <summary>
    /// Stored times are whole milliseconds, so "at or after t" and "before t" stay exact when t is
    /// rounded up to the next whole millisecond (a finer bound would otherwise be truncated by the
    /// database and let in an event from just before it).
    /// </summary>
    public static DateTimeOffset CeilingToMillisecond(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var remainder = utc.UtcTicks % TimeSpan.TicksPerMillisecond;
        return remainder == 0 ? utc : utc.AddTicks(TimeSpan.TicksPerMillisecond - remainder);
    }

    private static AuditEvent ReadEvent(DbDataReader reader, DateTimeOffset timestamp) => new()
    {
        Sequence = reader.GetInt64(0),
        Timestamp = timestamp,
        Action = reader.GetString(2),
        Outcome = Enum.Parse<AuditOutcome>(reader.GetString(3)),
        Actor = new AuditActor
        {
            Kind = Enum.Parse<PrincipalKind>(reader.GetString(4)),
            Id = StringOrNull(reader, 5),
            Credential = Enum.Parse<CredentialKind>(reader.GetString(6)),
            CredentialId = StringOrNull(reader, 7),
        },
        SubjectType = StringOrNull(reader, 8),
        SubjectId = StringOrNull(reader, 9),
        AccountId = StringOrNull(reader, 10),
        SourceAddress = StringOrNull(reader, 11),
        Details = AuditDetailsJson.Read(StringOrNull(reader, 12)),
    };

    private static string? StringOrNull(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
