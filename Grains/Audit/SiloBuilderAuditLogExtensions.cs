using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Audit.Memory;
using Gatehouse.Grains.Audit.Postgres;
using Gatehouse.Grains.Audit.Sqlite;
using Gatehouse.Grains.Hosting;
using Gatehouse.Runtime.Diagnostics;
using Gatehouse.Runtime.Persistence;
using Gatehouse.Runtime.Persistence.Postgres;
using Gatehouse.Runtime.Persistence.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// Next to SiloBuilder's other extensions, so a host configuring a silo finds these without
// another using, although they live in Gatehouse.Grains (see IAuditLog for why).
namespace Gatehouse.Runtime.Hosting;

/// <summary>
/// Chooses the silo's <see cref="IAuditLog"/>. A silo has one: each call replaces the log,
/// schema task and health check an earlier call added. Batching is tuned with
/// <c>services.Configure&lt;AuditLogOptions&gt;(…)</c>.
/// </summary>
public static class SiloBuilderAuditLogExtensions
{
    /// <summary>
    /// The named options (<see cref="SqliteStorageOptions"/> or <see cref="PostgresStorageOptions"/>)
    /// the audit log reads. They start as a copy of the <see cref="GrainStorageNames.Default"/>
    /// storage options, so the audit log lives in the same database as grain state unless told otherwise.
    /// </summary>
    public const string OptionsName = "Gatehouse.Audit";

    private const string SqliteSectionName = SiloBuilderConfigurationExtensions.StorageSectionName + ":Sqlite";

    /// <summary>
    /// Picks the audit log's store exactly as <c>UseConfiguredProviders</c> picks grain storage,
    /// from <c>Gatehouse:Storage:Provider</c> (<c>Sqlite</c>, the default; <c>Postgres</c>;
    /// <c>Memory</c>) and the same connection keys, so the audit log lands in the same database.
    /// It is separate from <c>UseConfiguredProviders</c> only because the runtime cannot depend on
    /// the audit log's (domain) assembly.
    /// </summary>
    /// <exception cref="InvalidOperationException">An unknown provider, or PostgreSQL without a
    /// connection string: thrown here so a misconfigured process fails at start-up.</exception>
    public static SiloBuilder UseConfiguredAuditLog(this SiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);

        return ConfiguredStorageProvider.Choose(
            configuration,
            "the audit log",
            sqlite: () =>
            {
                var section = configuration.GetSection(SqliteSectionName);
                var dataDirectory = section["DataDirectory"];
                var fileName = section["FileName"];
                var connectionString = section["ConnectionString"];
                return builder.AddSqliteAuditLog(options =>
                {
                    // Only values that are present override, as in UseConfiguredProviders.
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
                });
            },
            postgres: connectionString => builder.AddPostgresAuditLog(options => options.ConnectionString = connectionString),
            memory: builder.AddMemoryAuditLog);
    }

    /// <summary>Keeps the audit log in memory: for tests; nothing survives the process.</summary>
    public static SiloBuilder AddMemoryAuditLog(this SiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Replace(builder.Services, ServiceDescriptor.Singleton<IAuditLog>(static sp => new MemoryAuditLog(sp.GetService<TimeProvider>())));
        return builder;
    }

    /// <summary>
    /// Keeps the audit log in SQLite, by default in the same file as the default grain storage;
    /// <paramref name="configure"/> changes settings for the audit log only.
    /// </summary>
    public static SiloBuilder AddSqliteAuditLog(this SiloBuilder builder, Action<SqliteStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<SqliteStorageOptions>(OptionsName)
            .Configure<IServiceProvider>(static (options, sp) =>
                sp.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(GrainStorageNames.Default).CopyTo(options));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        Replace(
            builder.Services,
            ServiceDescriptor.Singleton<IAuditLog>(static sp => new SqliteAuditLog(
                SqliteOptions(sp), ServiceId(sp), BatchOptions(sp), sp.GetService<TimeProvider>(), sp.GetService<ILogger<SqliteAuditLog>>())
            {
                Instruments = sp.GetService<StorageInstruments>(),
            }),
            ServiceDescriptor.Singleton<ISiloStartupTask>(static sp =>
                new SqliteSchemaInitializer(SqliteOptions(sp), sp.GetService<ILogger<SqliteSchemaInitializer>>())),
            ServiceDescriptor.Singleton<ISiloHealthCheck>(static sp => new SqliteHealthCheck("sqlite-audit", SqliteOptions(sp))));
        return builder;
    }

    /// <summary>
    /// Keeps the audit log in PostgreSQL. <paramref name="configure"/> must leave a connection
    /// string set (it starts as the default PostgreSQL storage's, if there is one).
    /// </summary>
    public static SiloBuilder AddPostgresAuditLog(this SiloBuilder builder, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<PostgresStorageOptions>(OptionsName)
            .Configure<IServiceProvider>(static (options, sp) =>
                sp.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(GrainStorageNames.Default).CopyTo(options))
            .Configure(configure);

        Replace(
            builder.Services,
            ServiceDescriptor.Singleton<IAuditLog>(static sp => new PostgresAuditLog(
                PostgresOptions(sp), ServiceId(sp), BatchOptions(sp), sp.GetService<TimeProvider>(), sp.GetService<ILogger<PostgresAuditLog>>())
            {
                Instruments = sp.GetService<StorageInstruments>(),
            }),
            ServiceDescriptor.Singleton<ISiloStartupTask>(static sp =>
                new PostgresSchemaInitializer(PostgresOptions(sp), sp.GetService<ILogger<PostgresSchemaInitializer>>())),
            ServiceDescriptor.Singleton<ISiloHealthCheck>(static sp => new PostgresHealthCheck("postgres-audit", PostgresOptions(sp))));
        return builder;
    }

    private static SqliteStorageOptions SqliteOptions(IServiceProvider services)
        => services.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(OptionsName);

    private static PostgresStorageOptions PostgresOptions(IServiceProvider services)
        => services.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(OptionsName);

    private static AuditLogOptions? BatchOptions(IServiceProvider services) => services.GetService<IOptions<AuditLogOptions>>()?.Value;

    private static string ServiceId(IServiceProvider services)
        => services.GetService<IOptions<SiloOptions>>()?.Value.ServiceId ?? new SiloOptions().ServiceId;

    private static void Replace(IServiceCollection services, params ServiceDescriptor[] descriptors)
        => ProviderRegistration<IAuditLog>.Replace(services, descriptors);
}
