using Gatehouse.Runtime.Membership;
using Gatehouse.Runtime.Membership.Postgres;
using Gatehouse.Runtime.Persistence.Postgres;
using Gatehouse.Runtime.Tests.Persistence;
using Gatehouse.Runtime.Tests.TestGrains;
using Gatehouse.TestingHost;

namespace Gatehouse.Runtime.Tests.Cluster;

/// <summary>Starts clustered test clusters (TCP on loopback, PostgreSQL membership and state) for the cluster tests.</summary>
internal static class ClusterTests
{
    public static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(20);

    public static async Task<TestCluster> StartAsync(
        PostgresFixture postgres, int silos = 3, Action<ClusterMembershipOptions>? membership = null, Action<TestClusterBuilder>? configure = null, string? connectionString = null)
    {
        connectionString ??= await ConnectionStringAsync(postgres);
        var cluster = await TestClusters.StartAsync(builder =>
        {
            builder.InitialSilosCount = silos;
            builder.UsePostgres(connectionString).UseClustering(membership);
            configure?.Invoke(builder);
        });
        try
        {
            await cluster.WaitForSettledMembershipAsync(SettleTimeout);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>The database the cluster tests share (each cluster under its own ServiceId).</summary>
    public static Task<string> ConnectionStringAsync(PostgresFixture postgres) => postgres.GetDatabaseAsync("cluster");

    /// <summary>The membership table of <paramref name="cluster"/>, to read or write behind its silos' backs.</summary>
    public static async Task<PostgresMembershipTable> TableOfAsync(PostgresFixture postgres, TestCluster cluster, string? connectionString = null) =>
        new(new PostgresConnectionFactory(new PostgresStorageOptions { ConnectionString = connectionString ?? await ConnectionStringAsync(postgres) }, "test"), cluster.ServiceId);

    /// <summary>Polls <paramref name="condition"/> every 50 ms; false when it did not hold within <paramref name="timeout"/>.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > timeout)
            {
                return false;
            }
            await Task.Delay(50);
        }
        return true;
    }

    public static GrainId IdOf(IAddressable grain) => grain.GetGrainId();
}
