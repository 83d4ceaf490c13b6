using Gatehouse.Runtime.Hosting;
using Gatehouse.Runtime.Persistence.Postgres;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Gatehouse.Grains.Messages.Postgres;

/// <summary>
/// Brings the message tables up to <see cref="PostgresMessageSchema.Migrations"/> before the silo
/// accepts calls: one transaction holding an advisory lock, as <see cref="PostgresSchemaInitializer"/>
/// does, so silos starting together cannot collide in the catalog.
/// </summary>
public sealed partial class PostgresMessageSchemaInitializer(PostgresStorageOptions options, ILogger<PostgresMessageSchemaInitializer>? logger = null) : ISiloStartupTask
{
    private readonly PostgresConnectionFactory _connections = new(options, "message store schema");
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public int Order => SiloStartupOrder.Storage;

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction);
        command.Parameters.AddWithValue("key", PostgresMessageSchema.MigrationLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        command.Parameters.Clear();
        command.CommandText = PostgresMessageSchema.VersionTable;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM message_schema_version";
        var current = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0);
        foreach (var (version, sql) in PostgresMessageSchema.Migrations)
        {
            if (version > current)
            {
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                LogMigrationApplied(_logger, version, _connections.DisplayName);
            }
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(1, LogLevel.Information, "Applied message schema migration {Version} to {Database}.")]
    private static partial void LogMigrationApplied(ILogger logger, int version, string database);
}
