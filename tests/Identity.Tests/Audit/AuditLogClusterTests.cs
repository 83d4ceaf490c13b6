using Gatehouse.Grains;
using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Audit.Memory;
using Gatehouse.Grains.Audit.Sqlite;
using Gatehouse.TestingHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Identity.Tests.Audit;

/// <summary>A test cluster's silos get an audit log in the store their grain state uses, and it outlives a silo.</summary>
public sealed class AuditLogClusterTests
{
    [Fact]
    public async Task A_memory_cluster_keeps_its_audit_log_across_silo_restarts()
    {
        await using var cluster = await StartAsync(new TestClusterBuilder());
        Assert.IsType<MemoryAuditLog>(AuditLogOf(cluster));

        await AuditLogOf(cluster).AppendAsync(Event("survivor"));
        await cluster.RestartSiloAsync(cluster.Primary);

        Assert.Equal(["survivor"], await QueryAllAsync(cluster));
    }

    [Fact]
    public async Task A_sqlite_cluster_audits_into_its_database_file_and_a_restarted_silo_reads_it()
    {
        await using var cluster = await StartAsync(new TestClusterBuilder().UseSqlite());
        Assert.IsType<SqliteAuditLog>(AuditLogOf(cluster));

        await AuditLogOf(cluster).AppendAsync(Event("on-disk"));
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(cluster.DataDirectory!, "gatehouse.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT subject_id FROM audit_log";
            Assert.Equal("on-disk", (string?)await command.ExecuteScalarAsync());
        }

        await cluster.RestartSiloAsync(cluster.Primary);
        Assert.Equal(["on-disk"], await QueryAllAsync(cluster));
    }

    internal static async Task<TestCluster> StartAsync(TestClusterBuilder builder)
    {
        builder.ConfigureSilo(s => s.AddGrainsFromAssembly(GrainsAssembly.Assembly));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    internal static IAuditLog AuditLogOf(TestCluster cluster) => cluster.Primary.Services.GetRequiredService<IAuditLog>();

    internal static async Task<string[]> QueryAllAsync(TestCluster cluster)
    {
        var page = await cluster.GrainFactory.GetGrain<IAuditLogGrain>(IAuditLogGrain.SystemWide).QueryAsync(AuditCallers.SystemAdmin, new AuditQuery());
        return [.. page.Events.Select(e => e.SubjectId!)];
    }

    internal static AuditEvent Event(string subject) => new()
    {
        Action = AuditActions.UserCreated,
        Outcome = AuditOutcome.Succeeded,
        Actor = AuditActor.From(AuditCallers.SystemAdmin),
        SubjectType = "user",
        SubjectId = subject,
    };
}
