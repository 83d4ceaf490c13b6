using Gatehouse.Runtime.Diagnostics;
using Gatehouse.Tests.Hosting;
using Gatehouse.TestingHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Identity.Tests.Audit;

/// <summary>The audit log's batch commits on <c>/metrics</c>: one storage operation per transaction, a failed commit a storage error.</summary>
public sealed class AuditLogMetricsTests
{
    private static readonly (string, string)[] Commit = [("store", "audit"), ("provider", "SqliteAuditLog"), ("operation", "commit")];

    [Fact]
    public async Task Commits_are_counted_and_a_failed_commit_is_a_storage_error()
    {
        await using var cluster = await AuditLogClusterTests.StartAsync(new TestClusterBuilder().UseSqlite());
        var log = AuditLogClusterTests.AuditLogOf(cluster);

        await log.AppendAsync(AuditLogClusterTests.Event("counted"));
        var afterSuccess = Scrape(cluster);
        Assert.Equal(1, afterSuccess.Value("gatehouse_storage_operations_total", Commit));
        Assert.Null(afterSuccess.Value("gatehouse_storage_errors_total", Commit));

        // Take the table away underneath the log: the next commit fails in the database.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(cluster.DataDirectory!, "gatehouse.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE audit_log";
            await command.ExecuteNonQueryAsync();
        }
        await Assert.ThrowsAsync<SqliteException>(() => log.AppendAsync(AuditLogClusterTests.Event("lost")).AsTask());
        var afterFailure = Scrape(cluster);

        Assert.Equal(2, afterFailure.Value("gatehouse_storage_operations_total", Commit));
        Assert.Equal(1, afterFailure.Value("gatehouse_storage_errors_total", Commit));
    }

    private static PrometheusText Scrape(TestCluster cluster) =>
        PrometheusText.Parse(cluster.Primary.Services.GetRequiredService<MetricsCollector>().Scrape());
}
