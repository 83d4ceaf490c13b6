using Gatehouse.Runtime.Tests.TestGrains;

namespace Gatehouse.Runtime.Tests.Lifecycle;

public sealed class ActivationCapacityTests
{
    [Fact]
    public async Task One_hundred_thousand_small_activations_fit()
    {
        const int count = 100_000;
        await using var cluster = await TestClusters.StartAsync();
        var factory = cluster.GrainFactory;
        await factory.GetGrain<ISmallGrain>(-1).Ping();
        var before = GC.GetTotalMemory(forceFullCollection: true);

        for (var batch = 0; batch < count; batch += 1000)
        {
            await Task.WhenAll(Enumerable.Range(batch, 1000).Select(i => factory.GetGrain<ISmallGrain>(i).Ping()));
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.Equal(count + 1, cluster.Primary.ActivationCount);
        // Every activation still answers.
        Assert.Equal(99_999, await factory.GetGrain<ISmallGrain>(99_999).Ping());
        // The precise figure is in docs/benchmarks.md; this bound only catches a gross regression.
        var bytesPerActivation = (after - before) / (double)count;
        Assert.True(bytesPerActivation < 4096, $"{bytesPerActivation:0} bytes per idle activation");
    }
}
