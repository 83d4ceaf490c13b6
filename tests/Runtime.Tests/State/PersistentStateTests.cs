using Gatehouse.Runtime.Tests.Lifecycle;
using Gatehouse.Runtime.Tests.TestGrains;

namespace Gatehouse.Runtime.Tests.State;

public sealed class PersistentStateTests
{
    [Fact]
    public async Task State_survives_deactivation()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>("survivor");
        await grain.Add(5);
        await grain.Add(2);

        await grain.Deactivate();
        await ActivationLifecycleTests.WaitUntil(() => cluster.Primary.ActivationCount == 0);

        Assert.Equal(7, await grain.Get());
    }

    [Fact]
    public async Task State_survives_a_full_restart_on_the_same_sqlite_file()
    {
        var directory = Path.Combine(Path.GetTempPath(), "gatehouse-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var first = await TestClusters.StartAsync(b => b.UseSqlite(directory)))
            {
                var grain = first.GrainFactory.GetGrain<ICounterGrain>("durable");
                await grain.Add(40);
                await grain.Add(2);
            }

            await using var second = await TestClusters.StartAsync(b => b.UseSqlite(directory));
            Assert.Equal(42, await second.GrainFactory.GetGrain<ICounterGrain>("durable").Get());
            Assert.True(File.Exists(Path.Combine(directory, "gatehouse.db")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task State_survives_a_killed_silo_on_sqlite()
    {
        await using var cluster = await TestClusters.StartAsync(b => b.UseSqlite());
        await cluster.GrainFactory.GetGrain<ICounterGrain>("crash").Add(9);

        await cluster.KillSiloAsync(cluster.Primary);
        await cluster.StartAdditionalSiloAsync();

        Assert.Equal(9, await cluster.GrainFactory.GetGrain<ICounterGrain>("crash").Get());
    }

    [Fact]
    public async Task Clearing_state_resets_it_and_keeps_the_version_counting()
    {
        await using var cluster = await TestClusters.StartAsync(b => b.UseSqlite());
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>("clear");
        await grain.Add(3);
        var etagBefore = await grain.Etag();

        await grain.Clear();

        Assert.Equal(0, await grain.Get());
        Assert.NotEqual(etagBefore, await grain.Etag());
        Assert.Equal(1, await grain.Add(1));
    }

    [Fact]
    public async Task Two_activations_writing_from_the_same_etag_one_wins_and_the_loser_is_deactivated()
    {
        // Two silos on one SQLite file without placement between them (that arrives with
        // clustering) are the simplest way to get two activations of one grain: exactly the
        // situation the ETag check exists for.
        var directory = Path.Combine(Path.GetTempPath(), "gatehouse-cas-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var left = await TestClusters.StartAsync(b => b.UseSqlite(directory));
            await using var right = await TestClusters.StartAsync(b => b.UseSqlite(directory));
            var l = left.GrainFactory.GetGrain<ICounterGrain>("contended");
            var r = right.GrainFactory.GetGrain<ICounterGrain>("contended");
            Assert.Equal(0, await l.Get());
            Assert.Equal(0, await r.Get());

            Assert.Equal(1, await l.Add(1));
            var error = await Assert.ThrowsAsync<InconsistentStateException>(() => r.Add(10));
            Assert.NotNull(error);

            // The losing activation was deactivated, so its next call re-reads the winner's state.
            await ActivationLifecycleTests.WaitUntil(() => right.Primary.ActivationCount == 0);
            Assert.Equal(1, await r.Get());
            Assert.Equal(11, await r.Add(10));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
