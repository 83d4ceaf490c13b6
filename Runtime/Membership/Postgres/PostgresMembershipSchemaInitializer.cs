using Gatehouse.Runtime.Hosting;
using Gatehouse.Runtime.Persistence.Postgres;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Gatehouse.Runtime.Membership.Postgres;

/// <summary>
/// Brings the membership tables up to <see cref="PostgresMembershipSchema.Migrations"/> before the
/// silo joins: one transaction holding an advisory lock, as <see cref="PostgresSchemaInitializer"/>
/// does, so silos starting together cannot collide in the catalog.
/// </summary>
internal sealed partial class PostgresMembershipSchemaInitializer(PostgresConnectionFactory connections, ILogger? logger = null) : ISiloStartupTask
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public int Order => SiloStartupOrder.Storage;

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction);
        command.Parameters.AddWithValue("key", PostgresMembershipSchema.MigrationLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        command.Parameters.Clear();
        command.CommandText = PostgresMembershipSchema.VersionTable;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM membership_schema_version";
        var current = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0);
        foreach (var (version, sql) in PostgresMembershipSchema.Migrations)
        {
            if (version > current)
            {
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                LogMigrationApplied(_logger, version, connections.DisplayName);
            }
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(200, LogLevel.Information, "Applied membership schema migration {Version} to {Database}.")]
    private static partial void LogMigrationApplied(ILogger logger, int version, string database);
}
