using Gatehouse.Runtime.Tests.Lifecycle;
using Gatehouse.Runtime.Tests.Persistence;
using Gatehouse.Runtime.Tests.TestGrains;

namespace Gatehouse.Runtime.Tests.State;

/// <summary>The persistence guarantees of <see cref="PersistentStateTests"/>, on PostgreSQL through whole silos.</summary>
[Collection(PostgresFixture.Collection)]
public sealed class PostgresPersistentStateTests(PostgresFixture postgres)
{
    [Fact]
    public async Task State_survives_a_killed_silo_on_postgres()
    {
        var connectionString = await postgres.CreateFreshDatabaseAsync("state_kill");
        await using var cluster = await TestClusters.StartAsync(b => b.UsePostgres(connectionString));
        await cluster.GrainFactory.GetGrain<ICounterGrain>("pg-crash").Add(21);

        await cluster.KillSiloAsync(cluster.Primary);
        await cluster.StartAdditionalSiloAsync();

        Assert.Equal(21, await cluster.GrainFactory.GetGrain<ICounterGrain>("pg-crash").Get());
    }

    [Fact]
    public async Task Two_activations_writing_from_the_same_etag_one_wins_and_the_loser_is_deactivated()
    {
        var connectionString = await postgres.CreateFreshDatabaseAsync("state_cas");
        await using var left = await TestClusters.StartAsync(b => b.UsePostgres(connectionString));
        await using var right = await TestClusters.StartAsync(b => b.UsePostgres(connectionString));
        var l = left.GrainFactory.GetGrain<ICounterGrain>("contended");
        var r = right.GrainFactory.GetGrain<ICounterGrain>("contended");
        Assert.Equal(0, await l.Get());
        Assert.Equal(0, await r.Get());

        Assert.Equal(1, await l.Add(1));
        await Assert.ThrowsAsync<InconsistentStateException>(() => r.Add(10));

        await ActivationLifecycleTests.WaitUntil(() => right.Primary.ActivationCount == 0);
        Assert.Equal(11, await r.Add(10));
        Assert.Equal(11, await right.GrainFactory.GetGrain<ICounterGrain>("contended").Get());
    }

    [Fact]
    public async Task Concurrent_racing_writers_through_grains_lose_no_acknowledged_update()
    {
        // Four silos on one database each add to the same counter; every Add that returned
        // normally must be reflected in the final value, and every failed one must not be.
        var connectionString = await postgres.CreateFreshDatabaseAsync("state_race");
        var clusters = new List<Gatehouse.TestingHost.TestCluster>();
        for (var i = 0; i < 4; i++)
        {
            clusters.Add(await TestClusters.StartAsync(b => b.UsePostgres(connectionString)));
        }
        try
        {
            var acknowledged = 0;
            await Task.WhenAll(clusters.Select(async cluster =>
            {
                var grain = cluster.GrainFactory.GetGrain<ICounterGrain>("race");
                for (var i = 0; i < 25; i++)
                {
                    try
                    {
                        await grain.Add(1);
                        Interlocked.Increment(ref acknowledged);
                    }
                    catch (InconsistentStateException)
                    {
                        // Lost the race; the activation re-reads on the next call.
                    }
                }
            }));

            await using var reader = await TestClusters.StartAsync(b => b.UsePostgres(connectionString));
            Assert.True(acknowledged > 0);
            Assert.Equal(acknowledged, await reader.GrainFactory.GetGrain<ICounterGrain>("race").Get());
        }
        finally
        {
            foreach (var cluster in clusters)
            {
                await cluster.DisposeAsync();
            }
        }
    }
}
