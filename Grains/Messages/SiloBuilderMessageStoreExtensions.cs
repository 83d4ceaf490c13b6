using Gatehouse.Grains.Hosting;
using Gatehouse.Grains.Messages;
using Gatehouse.Grains.Messages.Memory;
using Gatehouse.Grains.Messages.Postgres;
using Gatehouse.Grains.Messages.Retention;
using Gatehouse.Grains.Messages.Sqlite;
using Gatehouse.Runtime.Diagnostics;
using Gatehouse.Runtime.Persistence;
using Gatehouse.Runtime.Persistence.Postgres;
using Gatehouse.Runtime.Persistence.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// Next to SiloBuilder's other extensions, as for the audit log.
namespace Gatehouse.Runtime.Hosting;

/// <summary>
/// Chooses the silo's <see cref="IMessageStore"/>. A silo has one: each call replaces the store,
/// schema task and health check an earlier call added. Every choice also runs the retention
/// sweep (<see cref="MessageRetentionService"/>), which does nothing unless
/// <see cref="MessageOptions.Retention"/> is set.
/// </summary>
public static class SiloBuilderMessageStoreExtensions
{
    /// <summary>
    /// The named storage options the message store reads. They start as a copy of the
    /// <see cref="GrainStorageNames.Default"/> storage's: on SQLite the same directory but a file of
    /// its own (<see cref="DefaultSqliteFileName"/>), on PostgreSQL the same database.
    /// </summary>
    public const string OptionsName = "Gatehouse.Messages";

    /// <summary>The SQLite message database's file name, next to the grain-state file.</summary>
    public const string DefaultSqliteFileName = "messages.db";

    private const string SqliteFileNameKey = MessageOptions.SectionName + ":SqliteFileName";

    /// <summary>Binds <see cref="MessageOptions"/> from <c>Gatehouse:Messages</c>.</summary>
    public static SiloBuilder AddMessageOptions(this SiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<MessageOptions>().Bind(configuration.GetSection(MessageOptions.SectionName));
        return builder;
    }

    /// <summary>
    /// Picks the message store as <c>UseConfiguredAuditLog</c> picks the audit log, from
    /// <c>Gatehouse:Storage:Provider</c> (<c>Sqlite</c>, the default; <c>Postgres</c>; <c>Memory</c>).
    /// SQLite keeps messages in <c>Gatehouse:Messages:SqliteFileName</c> (default <c>messages.db</c>)
    /// in the grain-state directory; PostgreSQL in the grain-state database. Call it after
    /// <c>UseConfiguredProviders</c>, whose storage options it starts from.
    /// </summary>
    /// <exception cref="InvalidOperationException">An unknown provider, or PostgreSQL without a connection string.</exception>
    public static SiloBuilder UseConfiguredMessageStore(this SiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        return ConfiguredStorageProvider.Choose(
            configuration,
            "the message store",
            sqlite: () =>
            {
                var fileName = configuration[SqliteFileNameKey];
                return builder.AddSqliteMessageStore(options =>
                {
                    if (!string.IsNullOrWhiteSpace(fileName))
                    {
                        options.FileName = fileName;
                    }
                });
            },
            postgres: connectionString => builder.AddPostgresMessageStore(options => options.ConnectionString = connectionString),
            memory: builder.AddMemoryMessageStore);
    }

    /// <summary>Keeps messages in memory: for tests; nothing survives the process.</summary>
    public static SiloBuilder AddMemoryMessageStore(this SiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Replace(builder.Services, ServiceDescriptor.Singleton<IMessageStore, MemoryMessageStore>());
        return builder;
    }

    /// <summary>
    /// Uses <paramref name="store"/>, which the caller owns (a test cluster shares one between silos
    /// and restarts); the retention sweep still runs.
    /// </summary>
    public static SiloBuilder AddMessageStore(this SiloBuilder builder, IMessageStore store)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(store);
        Replace(builder.Services, ServiceDescriptor.Singleton(store));
        return builder;
    }

    /// <summary>
    /// Keeps messages in SQLite: by default <c>messages.db</c> in the default grain storage's
    /// directory, with its synchronous mode and busy timeout. <paramref name="configure"/> changes
    /// settings for the message store only (a <c>ConnectionString</c> set there wins).
    /// </summary>
    public static SiloBuilder AddSqliteMessageStore(this SiloBuilder builder, Action<SqliteStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<SqliteStorageOptions>(OptionsName)
            .Configure<IServiceProvider>(static (options, sp) =>
            {
                sp.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(GrainStorageNames.Default).CopyTo(options);
                // A file of its own, even when grain state names its file by connection string.
                options.ConnectionString = null;
                options.FileName = DefaultSqliteFileName;
            });
        if (configure is not null)
        {
            options.Configure(configure);
        }
        Replace(
            builder.Services,
            ServiceDescriptor.Singleton<IMessageStore>(static sp => new SqliteMessageStore(
                SqliteOptions(sp), ServiceId(sp), MessageOptionsOf(sp), sp.GetService<ILogger<SqliteMessageStore>>(), sp.GetService<TimeProvider>())
            {
                Instruments = sp.GetService<StorageInstruments>(),
            }),
            ServiceDescriptor.Singleton<ISiloStartupTask>(static sp =>
                new SqliteMessageSchemaInitializer(SqliteOptions(sp), sp.GetService<ILogger<SqliteMessageSchemaInitializer>>())),
            ServiceDescriptor.Singleton<ISiloHealthCheck>(static sp => new SqliteHealthCheck("sqlite-messages", SqliteOptions(sp))));
        return builder;
    }

    /// <summary>
    /// Keeps messages in PostgreSQL. <paramref name="configure"/> must leave a connection string set
    /// (it starts as the default PostgreSQL storage's, if there is one).
    /// </summary>
    public static SiloBuilder AddPostgresMessageStore(this SiloBuilder builder, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<PostgresStorageOptions>(OptionsName)
            .Configure<IServiceProvider>(static (options, sp) =>
                sp.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(GrainStorageNames.Default).CopyTo(options))
            .Configure(configure);
        Replace(
            builder.Services,
            ServiceDescriptor.Singleton<IMessageStore>(static sp => new PostgresMessageStore(
                PostgresOptions(sp), ServiceId(sp), MessageOptionsOf(sp), sp.GetService<ILogger<PostgresMessageStore>>())
            {
                Instruments = sp.GetService<StorageInstruments>(),
            }),
            ServiceDescriptor.Singleton<ISiloStartupTask>(static sp =>
                new PostgresMessageSchemaInitializer(PostgresOptions(sp), sp.GetService<ILogger<PostgresMessageSchemaInitializer>>())),
            ServiceDescriptor.Singleton<ISiloHealthCheck>(static sp => new PostgresHealthCheck("postgres-messages", PostgresOptions(sp))));
        return builder;
    }

    private static SqliteStorageOptions SqliteOptions(IServiceProvider services)
        => services.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(OptionsName);

    private static PostgresStorageOptions PostgresOptions(IServiceProvider services)
        => services.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(OptionsName);

    private static MessageOptions? MessageOptionsOf(IServiceProvider services) => services.GetService<IOptions<MessageOptions>>()?.Value;

    private static string ServiceId(IServiceProvider services)
        => services.GetService<IOptions<SiloOptions>>()?.Value.ServiceId ?? new SiloOptions().ServiceId;

    private static void Replace(IServiceCollection services, params ServiceDescriptor[] descriptors)
    {
        // Every store comes with the retention sweep over it.
        var retention = ServiceDescriptor.Singleton<IHostedService, MessageRetentionService>(static sp => new MessageRetentionService(
            sp.GetRequiredService<IMessageStore>(),
            sp.GetService<IOptions<MessageOptions>>() ?? Options.Create(new MessageOptions()),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<MessageRetentionService>>()));
        ProviderRegistration<IMessageStore>.Replace(services, [.. descriptors, retention]);
    }
}
