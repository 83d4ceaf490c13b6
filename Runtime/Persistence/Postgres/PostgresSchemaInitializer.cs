using Gatehouse.Runtime.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.Runtime.Persistence.Postgres;

/// <summary>
/// Brings the PostgreSQL schema up to <see cref="PostgresSchema.Migrations"/> before the silo
/// accepts calls. Safe to run any number of times and from several silos at once: everything
/// happens in one transaction holding a transaction-scoped advisory lock, so a second silo waits
/// for the first to commit and then finds nothing left to do. (<c>CREATE TABLE IF NOT EXISTS</c>
/// alone is not enough: two racing creators can still collide in the catalog.)
/// </summary>
public sealed partial class PostgresSchemaInitializer : ISiloStartupTask
{
    private readonly PostgresConnectionFactory _connections;
    private readonly ILogger _logger;

    public PostgresSchemaInitializer(PostgresStorageOptions options, ILogger<PostgresSchemaInitializer>? logger = null)
        : this(new PostgresConnectionFactory(options, "schema"), logger)
    {
    }

    internal PostgresSchemaInitializer(PostgresConnectionFactory connections, ILogger<PostgresSchemaInitializer>? logger)
    {
        _connections = connections;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public int Order => SiloStartupOrder.Storage;

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT pg_advisory_xact_lock(@key);";
            command.Parameters.AddWithValue("key", PostgresSchema.MigrationLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = PostgresSchema.VersionTable;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int current;
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
            current = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0);
        }

        foreach (var (version, sql) in PostgresSchema.Migrations)
        {
            if (version <= current)
            {
                continue;
            }

            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            LogMigrationApplied(_logger, version, _connections.DisplayName);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(1, LogLevel.Information, "Applied PostgreSQL schema migration {Version} to {Database}.")]
    private static partial void LogMigrationApplied(ILogger logger, int version, string database);
}
