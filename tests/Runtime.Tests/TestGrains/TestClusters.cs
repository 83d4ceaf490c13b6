using Gatehouse.TestingHost;

namespace Gatehouse.Runtime.Tests.TestGrains;

/// <summary>Starts test clusters that host this assembly's test grains.</summary>
internal static class TestClusters
{
    public static async Task<TestCluster> StartAsync(Action<TestClusterBuilder>? configure = null)
    {
        var builder = new TestClusterBuilder();
        builder.ConfigureSilo(silo => silo.AddGrainsFromAssembly(typeof(TestClusters).Assembly));
        configure?.Invoke(builder);
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
