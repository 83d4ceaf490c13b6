using Gatehouse.Runtime.Persistence;
using Gatehouse.Runtime.Persistence.Postgres;
using Gatehouse.Runtime.Persistence.Sqlite;
using Gatehouse.Runtime.Reminders;
using Gatehouse.Runtime.Reminders.Memory;
using Gatehouse.Runtime.Reminders.Postgres;
using Gatehouse.Runtime.Reminders.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// Next to SiloBuilder, so that a host configuring a silo finds these without another using.
namespace Gatehouse.Runtime.Hosting;

/// <summary>
/// Chooses the silo's reminder table. A silo has one: each call replaces the table, schema task
/// and health check that an earlier call added.
/// </summary>
public static class SiloBuilderReminderExtensions
{
    /// <summary>
    /// The named options (<see cref="SqliteStorageOptions"/> or <see cref="PostgresStorageOptions"/>)
    /// the reminder table reads. They start as a copy of the <see cref="GrainStorageNames.Default"/>
    /// storage options, so that reminders live in the same database as grain state unless told otherwise.
    /// </summary>
    public const string OptionsName = "Gatehouse.Reminders";

    /// <summary>Keeps reminders in memory: for tests; nothing survives the process.</summary>
    public static SiloBuilder UseMemoryReminders(this SiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Replace(builder.Services, ServiceDescriptor.Singleton<IReminderTable>(static _ => new MemoryReminderTable()));
        return builder;
    }

    /// <summary>
    /// Keeps reminders in SQLite, by default in the same file as the default grain storage;
    /// <paramref name="configure"/> changes settings for the reminder table only.
    /// </summary>
    public static SiloBuilder UseSqliteReminders(this SiloBuilder builder, Action<SqliteStorageOptions>? configure = null)
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
            ServiceDescriptor.Singleton<IReminderTable>(static sp =>
                new SqliteReminderTable(SiloBuilderStorageExtensions.SqliteConnections(sp, OptionsName), SiloBuilderStorageExtensions.GetServiceId(sp))),
            ServiceDescriptor.Singleton<ISiloStartupTask>(static sp =>
                new SqliteSchemaInitializer(SiloBuilderStorageExtensions.SqliteConnections(sp, OptionsName), sp.GetService<ILogger<SqliteSchemaInitializer>>())),
            ServiceDescriptor.Singleton<ISiloHealthCheck>(static sp =>
                new SqliteHealthCheck("sqlite-reminders", SiloBuilderStorageExtensions.SqliteConnections(sp, OptionsName))));
        return builder;
    }

    /// <summary>
    /// Keeps reminders in PostgreSQL. <paramref name="configure"/> must leave a connection string
    /// set (it starts as the default PostgreSQL storage's, if there is one).
    /// </summary>
    public static SiloBuilder UsePostgresReminders(this SiloBuilder builder, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<PostgresStorageOptions>(OptionsName)
            .Configure<IServiceProvider>(static (options, sp) =>
                sp.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(GrainStorageNames.Default).CopyTo(options))
            .Configure(configure);

        Replace(
            builder.Services,
            ServiceDescriptor.Singleton<IReminderTable>(static sp =>
                new PostgresReminderTable(SiloBuilderStorageExtensions.PostgresConnections(sp, OptionsName), SiloBuilderStorageExtensions.GetServiceId(sp))),
            ServiceDescriptor.Singleton<ISiloStartupTask>(static sp =>
                new PostgresSchemaInitializer(SiloBuilderStorageExtensions.PostgresConnections(sp, OptionsName), sp.GetService<ILogger<PostgresSchemaInitializer>>())),
            ServiceDescriptor.Singleton<ISiloHealthCheck>(static sp =>
                new PostgresHealthCheck("postgres-reminders", SiloBuilderStorageExtensions.PostgresConnections(sp, OptionsName))));
        return builder;
    }

    private static void Replace(IServiceCollection services, params ServiceDescriptor[] descriptors)
    {
        // Startup tasks and health checks are multi-registrations that other providers share, so
        // the ones a previous Use…Reminders added are found through the record it left behind.
        if (services.FirstOrDefault(static d => d.ServiceType == typeof(ReminderRegistration)) is { } previous)
        {
            foreach (var descriptor in ((ReminderRegistration)previous.ImplementationInstance!).Descriptors)
            {
                services.Remove(descriptor);
            }
            services.Remove(previous);
        }

        services.RemoveAll<IReminderTable>();
        foreach (var descriptor in descriptors)
        {
            services.Add(descriptor);
        }
        services.AddSingleton(new ReminderRegistration(descriptors));
    }

    private sealed record ReminderRegistration(IReadOnlyList<ServiceDescriptor> Descriptors);
}
