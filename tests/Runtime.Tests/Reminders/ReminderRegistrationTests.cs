using Gatehouse.Runtime.Hosting;
using Gatehouse.Runtime.Persistence.Sqlite;
using Gatehouse.Runtime.Reminders;
using Gatehouse.Runtime.Reminders.Memory;
using Gatehouse.Runtime.Reminders.Postgres;
using Gatehouse.Runtime.Reminders.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Runtime.Tests.Reminders;

public sealed class ReminderRegistrationTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gatehouse-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Sqlite_reminders_share_the_default_storage_database_file()
    {
        using var services = Build(b => b
            .AddSqliteGrainStorage(configure: o => o.DataDirectory = _root)
            .UseSqliteReminders());
        foreach (var task in services.GetServices<ISiloStartupTask>())
        {
            await task.ExecuteAsync(CancellationToken.None);
        }

        var table = services.GetRequiredService<IReminderTable>();
        Assert.IsType<SqliteReminderTable>(table);
        var grain = new GrainId("t", "k");
        await table.UpsertAsync(new ReminderEntry(grain, "tick", DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1), grain.GetUniformHashCode()));

        Assert.Equal(["gatehouse.db"], Directory.GetFiles(_root, "*.db").Select(Path.GetFileName));
        Assert.Contains(services.GetServices<ISiloHealthCheck>(), h => h.Name == "sqlite-reminders");
    }

    [Fact]
    public void Sqlite_reminders_can_be_pointed_at_their_own_file()
    {
        using var services = Build(b => b
            .AddSqliteGrainStorage(configure: o => o.DataDirectory = _root)
            .UseSqliteReminders(o => o.FileName = "reminders.db"));

        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<SqliteStorageOptions>>()
            .Get(SiloBuilderReminderExtensions.OptionsName);

        Assert.Equal(_root, options.DataDirectory);
        Assert.Equal("reminders.db", options.FileName);
    }

    [Fact]
    public void A_later_reminder_table_replaces_the_earlier_one_with_its_schema_task_and_health_check()
    {
        using var services = Build(b => b
            .AddSqliteGrainStorage(configure: o => o.DataDirectory = _root)
            .UseSqliteReminders()
            .UsePostgresReminders(o => o.ConnectionString = "Host=localhost;Database=x;Username=u")
            .UseMemoryReminders());

        Assert.IsType<MemoryReminderTable>(Assert.Single(services.GetServices<IReminderTable>()));
        // Only the grain storage's own schema task and health check are left.
        Assert.Single(services.GetServices<ISiloStartupTask>());
        Assert.Equal("sqlite-storage", Assert.Single(services.GetServices<ISiloHealthCheck>()).Name);
    }

    [Fact]
    public void Postgres_reminders_register_table_schema_task_and_health_check()
    {
        using var services = Build(b => b.UseMemoryReminders().UsePostgresReminders(o => o.ConnectionString = "Host=localhost;Database=x;Username=u"));

        Assert.IsType<PostgresReminderTable>(Assert.Single(services.GetServices<IReminderTable>()));
        Assert.Single(services.GetServices<ISiloStartupTask>());
        Assert.Equal("postgres-reminders", Assert.Single(services.GetServices<ISiloHealthCheck>()).Name);
    }

    private static ServiceProvider Build(Action<SiloBuilder> configure)
    {
        var services = new ServiceCollection();
        configure(new SiloBuilder(services, configuration: null));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
