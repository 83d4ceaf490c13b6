using Gatehouse.Runtime.Hosting;
using Gatehouse.Runtime.Persistence;
using Gatehouse.Runtime.Persistence.Memory;
using Gatehouse.Runtime.Persistence.Postgres;
using Gatehouse.Runtime.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Runtime.Tests.Persistence;

public sealed class StorageRegistrationTests : IDisposable
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
    public void Memory_storage_is_a_keyed_singleton_under_its_name()
    {
        using var services = Build(b => b.AddMemoryGrainStorage().AddMemoryGrainStorage("archive"));

        var byDefault = services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);
        var archive = services.GetRequiredKeyedService<IGrainStorage>("archive");

        Assert.IsType<MemoryGrainStorage>(byDefault);
        Assert.Same(byDefault, services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default));
        Assert.NotSame(byDefault, archive);
        Assert.Empty(services.GetServices<ISiloStartupTask>());
    }

    [Fact]
    public async Task Sqlite_storage_registers_storage_schema_task_and_health_check_with_its_named_options()
    {
        using var services = Build(b => b
            .Configure(o => o.ServiceId = "registered")
            .AddSqliteGrainStorage(configure: o => o.DataDirectory = Path.Combine(_root, "one"))
            .AddSqliteGrainStorage("second", o => o.DataDirectory = Path.Combine(_root, "two")));

        var tasks = services.GetServices<ISiloStartupTask>().ToList();
        Assert.Equal(2, tasks.Count);
        Assert.All(tasks, t => Assert.Equal(SiloStartupOrder.Storage, t.Order));
        foreach (var task in tasks)
        {
            await task.ExecuteAsync(CancellationToken.None);
        }

        var health = services.GetServices<ISiloHealthCheck>().ToList();
        Assert.Equal(["sqlite-storage", "sqlite-storage:second"], health.Select(h => h.Name).Order());
        foreach (var check in health)
        {
            Assert.Null(await check.CheckAsync(CancellationToken.None));
        }

        var storage = services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);
        Assert.IsType<SqliteGrainStorage>(storage);
        await storage.WriteAsync("state", new GrainId("t", "k"), new byte[] { 1 }, null);
        Assert.True(File.Exists(Path.Combine(_root, "one", "gatehouse.db")));
        Assert.True(File.Exists(Path.Combine(_root, "two", "gatehouse.db")));

        // The silo's ServiceId is the one the rows are written under.
        var sameService = new SqliteGrainStorage(new SqliteStorageOptions { DataDirectory = Path.Combine(_root, "one") }, "registered");
        var otherService = new SqliteGrainStorage(new SqliteStorageOptions { DataDirectory = Path.Combine(_root, "one") }, "other");
        Assert.NotNull(await sameService.ReadAsync("state", new GrainId("t", "k")));
        Assert.Null(await otherService.ReadAsync("state", new GrainId("t", "k")));
    }

    [Fact]
    public void Postgres_storage_without_a_connection_string_fails_to_resolve_with_a_clear_message()
    {
        using var services = Build(b => b.AddPostgresGrainStorage("pg", _ => { }));

        var ex = Assert.Throws<InvalidOperationException>(() => services.GetRequiredKeyedService<IGrainStorage>("pg"));

        Assert.Contains("'pg'", ex.Message);
        Assert.Contains("ConnectionString", ex.Message);
    }

    [Fact]
    public void Postgres_storage_registers_storage_schema_task_and_health_check()
    {
        using var services = Build(b => b.AddPostgresGrainStorage(GrainStorageNames.Default, o => o.ConnectionString = "Host=localhost;Database=x;Username=u;Password=p"));

        Assert.IsType<PostgresGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default));
        Assert.IsType<PostgresSchemaInitializer>(Assert.Single(services.GetServices<ISiloStartupTask>()));
        Assert.Equal("postgres-storage", Assert.Single(services.GetServices<ISiloHealthCheck>()).Name);
    }

    private static ServiceProvider Build(Action<SiloBuilder> configure)
    {
        var services = new ServiceCollection();
        configure(new SiloBuilder(services, configuration: null));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
