using Gatehouse.Runtime.Persistence;
using Gatehouse.Runtime.Persistence.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Gatehouse.Runtime.Hosting;

/// <summary>
/// Chooses a silo's storage from configuration, so one set of binaries runs embedded on SQLite or
/// as a cluster on PostgreSQL without a rebuild. Both hosts call this; tests pick providers in code.
/// </summary>
public static class SiloBuilderConfigurationExtensions
{
    public const string StorageSectionName = "Gatehouse:Storage";

    private const string ProviderKey = StorageSectionName + ":Provider";
    private const string SqliteSectionName = StorageSectionName + ":Sqlite";
    private const string PostgresConnectionStringKey = StorageSectionName + ":Postgres:ConnectionString";

    private const string Sqlite = "Sqlite";
    private const string Postgres = "Postgres";
    private const string Memory = "Memory";

    /// <summary>
    /// Configures the <c>Default</c> grain storage and the reminder table with the provider named by
    /// <c>Gatehouse:Storage:Provider</c>: <c>Sqlite</c> (the default), <c>Postgres</c> or <c>Memory</c>.
    /// Reminders go to the same database as grain state, so a restart finds both or neither.
    /// </summary>
    /// <exception cref="InvalidOperationException">The configuration names an unknown provider, or
    /// PostgreSQL without a connection string. Thrown here rather than at first use so a
    /// misconfigured process fails at start-up, where the operator is looking.</exception>
    public static SiloBuilder UseConfiguredProviders(this SiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);

        var provider = configuration[ProviderKey];
        if (string.IsNullOrWhiteSpace(provider) || provider.Equals(Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            return UseSqlite(builder, configuration.GetSection(SqliteSectionName));
        }

        if (provider.Equals(Postgres, StringComparison.OrdinalIgnoreCase))
        {
            return UsePostgres(builder, configuration[PostgresConnectionStringKey]);
        }

        if (provider.Equals(Memory, StringComparison.OrdinalIgnoreCase))
        {
            return builder.AddMemoryGrainStorage(GrainStorageNames.Default).UseMemoryReminders();
        }

        throw new InvalidOperationException(
            $"{ProviderKey} is '{provider}', which is not a storage provider. " +
            $"Allowed values (case-insensitive): {Sqlite} (the default), {Postgres}, {Memory}.");
    }

    private static SiloBuilder UseSqlite(SiloBuilder builder, IConfigurationSection section)
    {
        // Only values that are present override the provider's defaults (data/gatehouse.db), so an
        // empty section means "the embedded default", not "empty path".
        var dataDirectory = section["DataDirectory"];
        var fileName = section["FileName"];
        var connectionString = section["ConnectionString"];

        return builder
            .AddSqliteGrainStorage(GrainStorageNames.Default, Apply)
            .UseSqliteReminders(Apply);

        void Apply(SqliteStorageOptions options)
        {
            if (!string.IsNullOrWhiteSpace(dataDirectory))
            {
                options.DataDirectory = dataDirectory;
            }

            if (!string.IsNullOrWhiteSpace(fileName))
            {
                options.FileName = fileName;
            }

            if (!string.IsNullOrWhiteSpace(connectionString))
            {
                options.ConnectionString = connectionString;
            }
        }
    }

    private static SiloBuilder UsePostgres(SiloBuilder builder, string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"{ProviderKey} is {Postgres} but {PostgresConnectionStringKey} is not set. " +
                "Set it to an Npgsql connection string, for example " +
                "'Host=db;Database=gatehouse;Username=gatehouse;Password=…' " +
                "(environment variable Gatehouse__Storage__Postgres__ConnectionString).");
        }

        return builder
            .AddPostgresGrainStorage(GrainStorageNames.Default, options => options.ConnectionString = connectionString)
            .UsePostgresReminders(options => options.ConnectionString = connectionString);
    }
}
