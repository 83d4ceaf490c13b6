using Gatehouse.Runtime.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Grains.Audit.Sqlite;

/// <summary>
/// The audit log in SQLite, normally in the same file as grain state. Appends are group-committed
/// (<see cref="BatchingAuditLog"/>): each batch is one <c>BEGIN IMMEDIATE</c> transaction, and
/// with the default <c>synchronous=FULL</c> its commit has reached the disk before any append in
/// it returns. Times are Unix milliseconds. The table and its append-only triggers come from
/// <see cref="SqliteSchemaInitializer"/> (schema migration 2).
/// </summary>
public sealed class SqliteAuditLog : BatchingAuditLog
{
    private const string InsertSql = $"""
        INSERT INTO audit_log ({AuditLogSql.InsertColumns})
        VALUES (@service_id, @occurred_at, @action, @outcome, @actor_kind, @actor_id, @credential_kind, @credential_id,
                @subject_type, @subject_id, @account_id, @source_address, @details)
        """;

    private const string ActionPrefixCondition = "substr(action, 1, length(@action_prefix)) = @action_prefix";

    private readonly SqliteConnectionFactory _connections;
    private readonly string _serviceId;

    public SqliteAuditLog(SqliteStorageOptions storage, string serviceId, AuditLogOptions? options = null, TimeProvider? timeProvider = null, ILogger<SqliteAuditLog>? logger = null)
        : this(new SqliteConnectionFactory(storage), serviceId, options, timeProvider, logger)
    {
    }

    public SqliteAuditLog(SqliteConnectionFactory connections, string serviceId, AuditLogOptions? options = null, TimeProvider? timeProvider = null, ILogger<SqliteAuditLog>? logger = null)
        : base(options, timeProvider, logger)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentException.ThrowIfNullOrEmpty(serviceId);
        _connections = connections;
        _serviceId = serviceId;
    }

    public override async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        var limit = AuditValidation.EffectiveLimit(query);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        AuditLogSql.BuildQuery(command, _serviceId, query, limit, ActionPrefixCondition, static time => AuditLogSql.CeilingToMillisecond(time).ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await AuditLogSql.ReadPageAsync(
            reader,
            limit,
            static (row, ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(ordinal)),
            cancellationToken).ConfigureAwait(false);
    }

    protected override async Task WriteBatchAsync(IReadOnlyList<AuditEvent> batch, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);

        // IMMEDIATE takes the write lock up front, so the batch cannot fail half-way on a lock
        // upgrade; the busy timeout covers another process holding it.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = InsertSql;
        insert.Parameters.AddWithValue("@service_id", _serviceId);
        var occurredAt = insert.Parameters.Add("@occurred_at", SqliteType.Integer);
        var action = insert.Parameters.Add("@action", SqliteType.Text);
        var outcome = insert.Parameters.Add("@outcome", SqliteType.Text);
        var actorKind = insert.Parameters.Add("@actor_kind", SqliteType.Text);
        var actorId = insert.Parameters.Add("@actor_id", SqliteType.Text);
        var credentialKind = insert.Parameters.Add("@credential_kind", SqliteType.Text);
        var credentialId = insert.Parameters.Add("@credential_id", SqliteType.Text);
        var subjectType = insert.Parameters.Add("@subject_type", SqliteType.Text);
        var subjectId = insert.Parameters.Add("@subject_id", SqliteType.Text);
        var accountId = insert.Parameters.Add("@account_id", SqliteType.Text);
        var sourceAddress = insert.Parameters.Add("@source_address", SqliteType.Text);
        var details = insert.Parameters.Add("@details", SqliteType.Text);

        // One prepared statement re-bound per row: the per-row cost is a bind and a step.
        insert.Prepare();
        foreach (var auditEvent in batch)
        {
            occurredAt.Value = auditEvent.Timestamp.ToUnixTimeMilliseconds();
            action.Value = auditEvent.Action;
            outcome.Value = auditEvent.Outcome.ToString();
            actorKind.Value = auditEvent.Actor.Kind.ToString();
            actorId.Value = (object?)auditEvent.Actor.Id ?? DBNull.Value;
            credentialKind.Value = auditEvent.Actor.Credential.ToString();
            credentialId.Value = (object?)auditEvent.Actor.CredentialId ?? DBNull.Value;
            subjectType.Value = (object?)auditEvent.SubjectType ?? DBNull.Value;
            subjectId.Value = (object?)auditEvent.SubjectId ?? DBNull.Value;
            accountId.Value = (object?)auditEvent.AccountId ?? DBNull.Value;
            sourceAddress.Value = (object?)auditEvent.SourceAddress ?? DBNull.Value;
            details.Value = (object?)AuditDetailsJson.Write(auditEvent.Details) ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
