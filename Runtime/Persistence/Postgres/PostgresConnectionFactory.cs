using Npgsql;

namespace Gatehouse.Runtime.Persistence.Postgres;

/// <summary>
/// Opens connections for the PostgreSQL providers. Plain <see cref="NpgsqlConnection"/>s are
/// used (rather than a data source per provider) so that storage, reminders and health checks
/// pointing at the same database share Npgsql's one pool for that connection string, and no
/// provider owns a pool that someone must remember to dispose. Public because stores outside the
/// runtime (the audit log in Gatehouse.Grains) keep tables in the same database.
/// </summary>
public sealed class PostgresConnectionFactory
{
    private readonly string _connectionString;

    public PostgresConnectionFactory(PostgresStorageOptions options, string providerName)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException(
                $"The PostgreSQL provider '{providerName}' has no connection string. Set PostgresStorageOptions.ConnectionString " +
                "in AddPostgresGrainStorage(...) or UsePostgresReminders(...), e.g. \"Host=localhost;Database=gatehouse;Username=gatehouse;Password=...\".");
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException ex)
        {
            // Npgsql's message names the bad keyword; the string itself may hold a password.
            throw new InvalidOperationException($"The PostgreSQL provider '{providerName}' has an invalid connection string: {ex.Message}", ex);
        }

        _connectionString = builder.ConnectionString;
        DisplayName = $"{builder.Host ?? "localhost"}:{builder.Port}/{builder.Database ?? builder.Username ?? "(default)"}";
    }

    /// <summary>Host, port and database: what logs and health reports may show. Never the password.</summary>
    public string DisplayName { get; }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
