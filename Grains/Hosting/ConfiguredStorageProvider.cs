using Gatehouse.Runtime.Hosting;
using Microsoft.Extensions.Configuration;

namespace Gatehouse.Grains.Hosting;

/// <summary>
/// Reads <c>Gatehouse:Storage:Provider</c> for the stores that follow grain storage into the same
/// database (the audit log, the message store), so they accept the same values and fail with the
/// same words: <c>Sqlite</c> (the default, also when unset), <c>Postgres</c> (which needs
/// <c>Gatehouse:Storage:Postgres:ConnectionString</c>), <c>Memory</c>; case-insensitive.
/// </summary>
internal static class ConfiguredStorageProvider
{
    private const string ProviderKey = SiloBuilderConfigurationExtensions.StorageSectionName + ":Provider";
    private const string PostgresConnectionStringKey = SiloBuilderConfigurationExtensions.StorageSectionName + ":Postgres:ConnectionString";

    /// <param name="what">The store, for error messages ("the audit log").</param>
    /// <param name="postgres">Given the connection string.</param>
    /// <exception cref="InvalidOperationException">An unknown provider, or PostgreSQL without a connection string:
    /// thrown while the silo is configured, so a misconfigured process fails at start-up.</exception>
    public static T Choose<T>(IConfiguration configuration, string what, Func<T> sqlite, Func<string, T> postgres, Func<T> memory)
    {
        var provider = configuration[ProviderKey];
        if (string.IsNullOrWhiteSpace(provider) || provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return sqlite();
        }
        if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            var connectionString = configuration[PostgresConnectionStringKey];
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"{ProviderKey} is Postgres but {PostgresConnectionStringKey} is not set, so {what} has no database. " +
                    "Set it to an Npgsql connection string (environment variable Gatehouse__Storage__Postgres__ConnectionString).");
            }
            return postgres(connectionString);
        }
        if (provider.Equals("Memory", StringComparison.OrdinalIgnoreCase))
        {
            return memory();
        }
        throw new InvalidOperationException(
            $"{ProviderKey} is '{provider}', which is not a storage provider. " +
            "Allowed values (case-insensitive): Sqlite (the default), Postgres, Memory.");
    }
}
