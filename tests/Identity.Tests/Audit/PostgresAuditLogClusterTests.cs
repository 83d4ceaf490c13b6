using Gatehouse.Tests.Hosting;
using Gatehouse.Grains.Audit.Postgres;
using Gatehouse.Identity.Tests.Postgres;
using Gatehouse.TestingHost;

namespace Gatehouse.Identity.Tests.Audit;

[Collection(PostgresFixture.Collection)]
public sealed class PostgresAuditLogClusterTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_postgres_cluster_audits_into_its_database_and_a_restarted_silo_reads_it()
    {
        var connectionString = await postgres.GetDatabaseAsync("audit_cluster_tests");
        // One service id for every silo of the cluster (and none other in the shared database).
        var serviceId = "cluster-" + Guid.NewGuid().ToString("N")[..8];
        await using var cluster = await AuditLogClusterTests.StartAsync(new TestClusterBuilder()
            .UsePostgres(connectionString)
            .ConfigureOptions(o => o.ServiceId = serviceId));
        Assert.IsType<PostgresAuditLog>(AuditLogClusterTests.AuditLogOf(cluster));

        await AuditLogClusterTests.AuditLogOf(cluster).AppendAsync(AuditLogClusterTests.Event("in-postgres"));
        await cluster.RestartSiloAsync(cluster.Primary);

        Assert.Equal(["in-postgres"], await AuditLogClusterTests.QueryAllAsync(cluster));
    }
}
