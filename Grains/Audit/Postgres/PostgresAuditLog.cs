using Gatehouse.Runtime.Persistence.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Gatehouse.Grains.Audit.Postgres;

/// <summary>
/// The audit log in PostgreSQL, normally in the same database as grain state. Appends are
/// group-committed (<see cref="BatchingAuditLog"/>): each batch is one transaction that streams
/// its rows with binary COPY, and no append in it returns before the commit does. The table and
/// its append-only trigger come from <see cref="PostgresSchemaInitializer"/> (schema migration 2).
/// </summary>
public sealed class PostgresAuditLog : BatchingAuditLog
{
    /// <summary>
    /// The <c>pg_advisory_xact_lock</c> key every audit batch takes before inserting ("GateAudi"
    /// in ASCII). Identity values are handed out at insert time, not at commit, so two silos
    /// committing concurrently could make a reader see sequence 11 before sequence 10 commits and
    /// page past it for good. Holding one lock from the first insert to the commit makes batches
    /// commit in sequence order across every silo, which is what keeps cursors complete. It costs
    /// one lock per batch, not per event.
    /// </summary>
    public const long AppendLockKey = 0x4761_7465_4175_6469;

    private const string CopySql = $"COPY audit_log ({AuditLogSql.InsertColumns}) FROM STDIN (FORMAT BINARY)";

    private const string ActionPrefixCondition = "starts_with(action, @action_prefix)";

    private readonly PostgresConnectionFactory _connections;
    private readonly string _serviceId;

    public PostgresAuditLog(PostgresStorageOptions storage, string serviceId, AuditLogOptions? options = null, TimeProvider? timeProvider = null, ILogger<PostgresAuditLog>? logger = null)
        : this(new PostgresConnectionFactory(storage, "audit log"), serviceId, options, timeProvider, logger)
    {
    }

    public PostgresAuditLog(PostgresConnectionFactory connections, string serviceId, AuditLogOptions? options = null, TimeProvider? timeProvider = null, ILogger<PostgresAuditLog>? logger = null)
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
        AuditLogSql.BuildQuery(command, _serviceId, query, limit, ActionPrefixCondition, static time => AuditLogSql.CeilingToMillisecond(time));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await AuditLogSql.ReadPageAsync(
            reader,
            limit,
            static (row, ordinal) => row.GetFieldValue<DateTimeOffset>(ordinal),
            cancellationToken).ConfigureAwait(false);
    }

    protected override async Task WriteBatchAsync(IReadOnlyList<AuditEvent> batch, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        await using (var appendLock = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            appendLock.Parameters.AddWithValue("key", AppendLockKey);
            await appendLock.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Binary COPY sends the whole batch as one stream: no per-row round trip or statement.
        await using (var copy = await connection.BeginBinaryImportAsync(CopySql, cancellationToken).ConfigureAwait(false))
        {
            foreach (var auditEvent in batch)
            {
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(_serviceId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(auditEvent.Timestamp.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(auditEvent.Action, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(auditEvent.Outcome.ToString(), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(auditEvent.Actor.Kind.ToString(), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteTextOrNullAsync(copy, auditEvent.Actor.Id, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(auditEvent.Actor.Credential.ToString(), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteTextOrNullAsync(copy, auditEvent.Actor.CredentialId, cancellationToken).ConfigureAwait(false);
                await WriteTextOrNullAsync(copy, auditEvent.SubjectType, cancellationToken).ConfigureAwait(false);
                await WriteTextOrNullAsync(copy, auditEvent.SubjectId, cancellationToken).ConfigureAwait(false);
                await WriteTextOrNullAsync(copy, auditEvent.AccountId, cancellationToken).ConfigureAwait(false);
                await WriteTextOrNullAsync(copy, auditEvent.SourceAddress, cancellationToken).ConfigureAwait(false);
                await WriteTextOrNullAsync(copy, AuditDetailsJson.Write(auditEvent.Details), cancellationToken).ConfigureAwait(false);
            }
            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Task WriteTextOrNullAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken)
        => value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
}
