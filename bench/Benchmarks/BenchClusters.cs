using Gatehouse.Runtime.Hosting;
using Gatehouse.TestingHost;

namespace Gatehouse.Benchmarks;

/// <summary>Starts the in-process single-silo clusters the benchmarks run against.</summary>
internal static class BenchClusters
{
    public static async Task<TestCluster> StartAsync(Action<TestClusterBuilder>? configure = null)
    {
        var builder = new TestClusterBuilder();
        builder.ConfigureSilo(silo => silo.AddGrainsFromAssembly(typeof(BenchClusters).Assembly));
        configure?.Invoke(builder);
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
