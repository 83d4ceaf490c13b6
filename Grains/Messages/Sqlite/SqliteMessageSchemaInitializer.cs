using Gatehouse.Runtime.Hosting;
using Gatehouse.Runtime.Persistence.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.Grains.Messages.Sqlite;

/// <summary>
/// Puts the message database in WAL mode and brings it up to <see cref="SqliteMessageSchema.Migrations"/>
/// before the silo accepts calls, as <see cref="SqliteSchemaInitializer"/> does for grain state:
/// one <c>BEGIN IMMEDIATE</c> transaction, so concurrent initializers cannot interleave.
/// </summary>
public sealed partial class SqliteMessageSchemaInitializer(SqliteStorageOptions options, ILogger<SqliteMessageSchemaInitializer>? logger = null) : ISiloStartupTask
{
    private readonly SqliteConnectionFactory _connections = new(options);
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public int Order => SiloStartupOrder.Storage;

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SqliteMessageSchema.VersionTable;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM message_schema_version;";
        var current = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
        foreach (var (version, sql) in SqliteMessageSchema.Migrations)
        {
            if (version > current)
            {
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                LogMigrationApplied(_logger, version, _connections.DatabasePath);
            }
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(1, LogLevel.Information, "Applied message schema migration {Version} to {Database}.")]
    private static partial void LogMigrationApplied(ILogger logger, int version, string database);
}
