using Gatehouse.Runtime.Persistence;
using Gatehouse.Runtime.Persistence.Memory;
using Gatehouse.Runtime.Persistence.Postgres;
using Gatehouse.Runtime.Persistence.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// Next to SiloBuilder, so that a host configuring a silo finds these without another using.
namespace Gatehouse.Runtime.Hosting;

/// <summary>
/// Adds grain storage providers to a silo. Each provider is a keyed <see cref="IGrainStorage"/>
/// singleton under its name; its options are the named options of the same name, so a host can
/// also configure them with <c>services.Configure&lt;SqliteStorageOptions&gt;(name, …)</c>. The SQL
/// providers also add a schema <see cref="ISiloStartupTask"/> and an <see cref="ISiloHealthCheck"/>.
/// </summary>
public static class SiloBuilderStorageExtensions
{
    /// <summary>Adds in-memory grain storage: for tests; nothing survives the process.</summary>
    public static SiloBuilder AddMemoryGrainStorage(this SiloBuilder builder, string name = GrainStorageNames.Default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, static (_, _) => new MemoryGrainStorage());
        return builder;
    }

    /// <summary>
    /// Adds grain storage in a SQLite file (by default <c>data/gatehouse.db</c>, see
    /// <see cref="SqliteStorageOptions"/>).
    /// </summary>
    public static SiloBuilder AddSqliteGrainStorage(this SiloBuilder builder, string name = GrainStorageNames.Default, Action<SqliteStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var options = builder.Services.AddOptions<SqliteStorageOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) =>
            new SqliteGrainStorage(SqliteConnections(sp, name), GetServiceId(sp), sp.GetService<TimeProvider>()));
        builder.Services.AddSingleton<ISiloStartupTask>(sp =>
            new SqliteSchemaInitializer(SqliteConnections(sp, name), sp.GetService<ILogger<SqliteSchemaInitializer>>()));
        builder.Services.AddSingleton<ISiloHealthCheck>(sp =>
            new SqliteHealthCheck(HealthCheckName("sqlite-storage", name), SqliteConnections(sp, name)));
        return builder;
    }

    /// <summary>
    /// Adds grain storage in PostgreSQL. <paramref name="configure"/> must set
    /// <see cref="PostgresStorageOptions.ConnectionString"/>; resolving the provider fails with a
    /// clear message otherwise.
    /// </summary>
    public static SiloBuilder AddPostgresGrainStorage(this SiloBuilder builder, string name, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<PostgresStorageOptions>(name).Configure(configure);

        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) =>
            new PostgresGrainStorage(PostgresConnections(sp, name), GetServiceId(sp), sp.GetService<TimeProvider>()));
        builder.Services.AddSingleton<ISiloStartupTask>(sp =>
            new PostgresSchemaInitializer(PostgresConnections(sp, name), sp.GetService<ILogger<PostgresSchemaInitializer>>()));
        builder.Services.AddSingleton<ISiloHealthCheck>(sp =>
            new PostgresHealthCheck(HealthCheckName("postgres-storage", name), PostgresConnections(sp, name)));
        return builder;
    }

    internal static SqliteConnectionFactory SqliteConnections(IServiceProvider services, string optionsName)
        => new(services.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(optionsName));

    internal static PostgresConnectionFactory PostgresConnections(IServiceProvider services, string optionsName)
        => new(services.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(optionsName), optionsName);

    internal static string GetServiceId(IServiceProvider services)
        => services.GetService<IOptions<SiloOptions>>()?.Value.ServiceId ?? new SiloOptions().ServiceId;

    private static string HealthCheckName(string kind, string name)
        => name == GrainStorageNames.Default ? kind : $"{kind}:{name}";
}
