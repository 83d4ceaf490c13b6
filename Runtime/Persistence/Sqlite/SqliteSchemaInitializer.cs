using Gatehouse.Runtime.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.Runtime.Persistence.Sqlite;

/// <summary>
/// Puts the SQLite database in WAL mode and brings its schema up to
/// <see cref="SqliteSchema.Migrations"/> before the silo accepts calls. Safe to run any number
/// of times, from several silos or processes at once: the migrations run inside one
/// <c>BEGIN IMMEDIATE</c> transaction, so a second process waits for the first to commit and
/// then finds nothing left to do.
/// </summary>
public sealed partial class SqliteSchemaInitializer : ISiloStartupTask
{
    private readonly SqliteConnectionFactory _connections;
    private readonly ILogger _logger;

    public SqliteSchemaInitializer(SqliteStorageOptions options, ILogger<SqliteSchemaInitializer>? logger = null)
        : this(new SqliteConnectionFactory(options), logger)
    {
    }

    internal SqliteSchemaInitializer(SqliteConnectionFactory connections, ILogger<SqliteSchemaInitializer>? logger)
    {
        _connections = connections;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public int Order => SiloStartupOrder.Storage;

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);

        // journal_mode is remembered by the file but cannot change inside a transaction, so it
        // is set first. WAL lets readers proceed while one writer commits.
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            var mode = (string?)await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                LogNotWal(_logger, _connections.DatabasePath, mode ?? "(none)");
            }
        }

        // BEGIN IMMEDIATE takes the write lock up front (waiting out the busy timeout if another
        // process holds it), so reading the version and applying migrations cannot interleave
        // with a concurrent initializer. SQLite DDL is transactional.
        await using var transaction = connection.BeginTransaction(deferred: false);

        await using (var versionTable = connection.CreateCommand())
        {
            versionTable.Transaction = transaction;
            versionTable.CommandText = SqliteSchema.VersionTable;
            await versionTable.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        long current;
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
            current = (long)(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
        }

        foreach (var (version, sql) in SqliteSchema.Migrations)
        {
            if (version <= current)
            {
                continue;
            }

            await using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = sql;
            await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            LogMigrationApplied(_logger, version, _connections.DatabasePath);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(1, LogLevel.Information, "Applied SQLite schema migration {Version} to {Database}.")]
    private static partial void LogMigrationApplied(ILogger logger, int version, string database);

    [LoggerMessage(2, LogLevel.Warning, "SQLite database {Database} is in journal mode '{Mode}', not WAL; concurrent readers will block on writes.")]
    private static partial void LogNotWal(ILogger logger, string database, string mode);
}
