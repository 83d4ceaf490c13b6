using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Audit.Memory;
using Gatehouse.Grains.Audit.Postgres;
using Gatehouse.Grains.Audit.Sqlite;
using Gatehouse.Runtime.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Identity.Tests.Audit;

/// <summary>UseConfiguredAuditLog follows Gatehouse:Storage exactly as UseConfiguredProviders does.</summary>
public sealed class AuditLogRegistrationTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gatehouse-audit-registration", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task By_default_the_audit_log_is_in_the_same_sqlite_file_as_grain_state()
    {
        await using var services = Build(new() { ["Gatehouse:Storage:Sqlite:DataDirectory"] = _root });
        foreach (var task in services.GetServices<ISiloStartupTask>().OrderBy(t => t.Order))
        {
            await task.ExecuteAsync(CancellationToken.None);
        }

        var log = Assert.IsType<SqliteAuditLog>(services.GetRequiredService<IAuditLog>());
        await log.AppendAsync(AuditLogClusterTests.Event("configured"));

        Assert.Equal(["gatehouse.db"], Directory.GetFiles(_root, "*.db").Select(Path.GetFileName));
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_root, "gatehouse.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM audit_log";
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'grain_state'";
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
        Assert.Contains("sqlite-audit", services.GetServices<ISiloHealthCheck>().Select(h => h.Name));
    }

    [Fact]
    public async Task Memory_configuration_gives_a_memory_audit_log()
    {
        await using var services = Build(new() { ["Gatehouse:Storage:Provider"] = "memory" });

        Assert.IsType<MemoryAuditLog>(services.GetRequiredService<IAuditLog>());
        Assert.Empty(services.GetServices<ISiloStartupTask>());
    }

    [Fact]
    public async Task Postgres_configuration_gives_a_postgres_audit_log_with_its_health_check()
    {
        await using var services = Build(new()
        {
            ["Gatehouse:Storage:Provider"] = "Postgres",
            ["Gatehouse:Storage:Postgres:ConnectionString"] = "Host=localhost;Database=x;Username=u;Password=p",
        });

        Assert.IsType<PostgresAuditLog>(services.GetRequiredService<IAuditLog>());
        Assert.Contains("postgres-audit", services.GetServices<ISiloHealthCheck>().Select(h => h.Name));
    }

    [Theory]
    [InlineData("Postgres", "Gatehouse:Storage:Postgres:ConnectionString")]
    [InlineData("Oracle", "'Oracle'")]
    public void A_misconfiguration_fails_when_the_silo_is_built(string provider, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Gatehouse:Storage:Provider"] = provider }).Build();

        var failure = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddGatehouseSilo(configuration, s => s.UseConfiguredAuditLog(configuration)));

        Assert.Contains(named, failure.Message);
    }

    [Fact]
    public async Task A_later_choice_replaces_the_earlier_log_with_its_schema_task_and_health_check()
    {
        var services = new ServiceCollection();
        services.AddGatehouseSilo(null, s => s.AddSqliteAuditLog(o => o.DataDirectory = _root).AddMemoryAuditLog());
        await using var provider = services.BuildServiceProvider();

        Assert.IsType<MemoryAuditLog>(provider.GetRequiredService<IAuditLog>());
        Assert.Empty(provider.GetServices<ISiloStartupTask>());
        Assert.Empty(provider.GetServices<ISiloHealthCheck>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGatehouseSilo(configuration, silo => silo
            .UseConfiguredProviders(configuration)
            .UseConfiguredAuditLog(configuration));
        return services.BuildServiceProvider();
    }
}
