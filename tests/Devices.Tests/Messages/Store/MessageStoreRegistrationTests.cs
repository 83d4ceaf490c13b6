using Gatehouse.Grains.Messages;
using Gatehouse.Grains.Messages.Memory;
using Gatehouse.Grains.Messages.Postgres;
using Gatehouse.Grains.Messages.Retention;
using Gatehouse.Grains.Messages.Sqlite;
using Gatehouse.Runtime.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Gatehouse.Devices.Tests.Messages.Store.StoreMessages;

namespace Gatehouse.Devices.Tests.Messages.Store;

/// <summary>UseConfiguredMessageStore follows Gatehouse:Storage as the grain storage and the audit log do.</summary>
public sealed class MessageStoreRegistrationTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gatehouse-message-registration", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task By_default_messages_are_in_messages_db_next_to_the_grain_state_file()
    {
        await using var services = Build(new() { ["Gatehouse:Storage:Sqlite:DataDirectory"] = _root });
        foreach (var task in services.GetServices<ISiloStartupTask>().OrderBy(t => t.Order))
        {
            await task.ExecuteAsync(CancellationToken.None);
        }

        var store = Assert.IsType<SqliteMessageStore>(services.GetRequiredService<IMessageStore>());
        await store.AppendAsync(Message("d1", Day, Num("v", 1)));

        Assert.Equal(Path.Combine(_root, "messages.db"), store.DatabasePath);
        Assert.Equal(["gatehouse.db", "messages.db"], Directory.GetFiles(_root, "*.db").Select(Path.GetFileName).Order());
        Assert.Contains("sqlite-messages", services.GetServices<ISiloHealthCheck>().Select(h => h.Name));
        Assert.Single(services.GetServices<IHostedService>().OfType<MessageRetentionService>());
    }

    [Fact]
    public async Task The_sqlite_file_name_is_configurable_and_retention_is_bound()
    {
        await using var services = Build(new()
        {
            ["Gatehouse:Storage:Sqlite:DataDirectory"] = _root,
            ["Gatehouse:Messages:SqliteFileName"] = "data-series.db",
            ["Gatehouse:Messages:Retention"] = "30.00:00:00",
        });

        Assert.EndsWith("data-series.db", Assert.IsType<SqliteMessageStore>(services.GetRequiredService<IMessageStore>()).DatabasePath);
        Assert.Equal(TimeSpan.FromDays(30), services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MessageOptions>>().Value.Retention);
    }

    [Fact]
    public async Task Memory_and_postgres_configurations_give_their_stores()
    {
        await using (var memory = Build(new() { ["Gatehouse:Storage:Provider"] = "memory" }))
        {
            Assert.IsType<MemoryMessageStore>(memory.GetRequiredService<IMessageStore>());
        }
        await using var postgres = Build(new()
        {
            ["Gatehouse:Storage:Provider"] = "Postgres",
            ["Gatehouse:Storage:Postgres:ConnectionString"] = "Host=localhost;Database=x;Username=u;Password=p",
        });
        Assert.IsType<PostgresMessageStore>(postgres.GetRequiredService<IMessageStore>());
        Assert.Contains("postgres-messages", postgres.GetServices<ISiloHealthCheck>().Select(h => h.Name));
        Assert.Contains(postgres.GetServices<ISiloStartupTask>(), t => t is PostgresMessageSchemaInitializer);
    }

    [Theory]
    [InlineData("Postgres", "Gatehouse:Storage:Postgres:ConnectionString")]
    [InlineData("Oracle", "'Oracle'")]
    public void A_misconfiguration_fails_when_the_silo_is_built(string provider, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Gatehouse:Storage:Provider"] = provider }).Build();

        var failure = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddGatehouseSilo(configuration, s => s.UseConfiguredMessageStore(configuration)));

        Assert.Contains(named, failure.Message);
    }

    [Fact]
    public async Task A_later_choice_replaces_the_earlier_store_with_its_schema_task_health_check_and_sweep()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGatehouseSilo(null, s => s.AddSqliteMessageStore(o => o.DataDirectory = _root).AddMemoryMessageStore());
        await using var provider = services.BuildServiceProvider();

        Assert.IsType<MemoryMessageStore>(provider.GetRequiredService<IMessageStore>());
        Assert.Empty(provider.GetServices<ISiloStartupTask>());
        Assert.Empty(provider.GetServices<ISiloHealthCheck>());
        Assert.Single(provider.GetServices<IHostedService>().OfType<MessageRetentionService>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGatehouseSilo(configuration, silo => silo
            .UseConfiguredProviders(configuration)
            .AddMessageOptions(configuration)
            .UseConfiguredMessageStore(configuration));
        return services.BuildServiceProvider();
    }
}
