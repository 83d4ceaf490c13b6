using Gatehouse.Runtime.Tests.Persistence;
using Gatehouse.Runtime.Tests.TestGrains;

namespace Gatehouse.Runtime.Tests.Cluster;

/// <summary>Acceptance (a): in a 3-silo cluster on PostgreSQL, calls reach the grain's owner, from every silo.</summary>
[Collection(PostgresFixture.Collection)]
public sealed class ClusterRoutingTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Calls_from_every_silo_reach_the_owner_placement_names_and_only_it_activates_the_grain()
    {
        await using var cluster = await ClusterTests.StartAsync(postgres);
        var owners = new HashSet<string>();
        for (var i = 0; i < 30; i++)
        {
            var key = $"routed-{i}";
            var id = ClusterTests.IdOf(cluster.Silos[0].GrainFactory.GetGrain<IOperationLogGrain>(key));
            var owner = cluster.Silos[0].OwnerOf(id);
            var ownerSilo = Assert.Single(cluster.Silos, s => s.Address == owner);
            owners.Add(ownerSilo.Name);
            foreach (var caller in cluster.Silos)
            {
                Assert.Equal(owner, caller.OwnerOf(id));
                var grain = caller.GrainFactory.GetGrain<IOperationLogGrain>(key);
                Assert.Equal(ownerSilo.Name, await grain.WhereAmI());
                await grain.Apply($"{caller.Name}-op");
            }
            Assert.Equal([ownerSilo], cluster.SilosHosting(id));
            Assert.Equal(3, (await cluster.Silos[2].GrainFactory.GetGrain<IOperationLogGrain>(key).Operations()).Count);
        }
        // Thirty grains over three silos: each silo owns some (a 3 * (2/3)^30 chance of failing by bad luck).
        Assert.Equal(3, owners.Count);
    }
}
