using Gatehouse.Runtime.Tests.Persistence;
using Gatehouse.Runtime.Tests.TestGrains;
using Gatehouse.TestingHost;

namespace Gatehouse.Runtime.Tests.Cluster;

/// <summary>
/// Acceptance (c) and what silos do when membership changes: activations move to the new owner
/// and leave the old one, reminders are scheduled by their owner only, and an activation that
/// lost its grain cannot overwrite the new owner's write.
/// </summary>
[Collection(PostgresFixture.Collection)]
public sealed class ClusterOwnershipTests(PostgresFixture postgres)
{
    private const int GrainCount = 300;
    private static readonly TimeSpan MoveTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task After_membership_settles_there_is_exactly_one_activation_per_grain_on_its_owner()
    {
        await using var cluster = await ClusterTests.StartAsync(postgres);
        var keys = Enumerable.Range(0, GrainCount).Select(i => $"single-{i}").ToList();
        await CallAllAsync(cluster, keys);
        await AssertOneActivationEachAsync(cluster, keys);

        await cluster.StartAdditionalSiloAsync();
        await cluster.WaitForSettledMembershipAsync(ClusterTests.SettleTimeout);
        await CallAllAsync(cluster, keys);
        await AssertOneActivationEachAsync(cluster, keys);

        await cluster.KillSiloAsync(cluster.Silos[1]);
        await cluster.WaitForSettledMembershipAsync(ClusterTests.SettleTimeout);
        await CallAllAsync(cluster, keys);
        await AssertOneActivationEachAsync(cluster, keys);
    }

    [Fact]
    public async Task Reminders_are_scheduled_only_by_the_silo_that_owns_their_grain_and_follow_it()
    {
        await using var cluster = await ClusterTests.StartAsync(postgres);
        var keys = Enumerable.Range(0, 24).Select(i => $"reminded-{Guid.NewGuid():N}").ToList();
        foreach (var key in keys)
        {
            // Never due during the test: only where it is scheduled matters.
            await cluster.Silos[0].GrainFactory.GetGrain<IReminderGrain>(key).Register("tick", TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        }
        await AssertEachReminderScheduledByItsOwnerOnlyAsync(cluster, keys);

        // A new silo loads the reminder table: it must take only its own share.
        await cluster.StartAdditionalSiloAsync();
        await cluster.WaitForSettledMembershipAsync(ClusterTests.SettleTimeout);
        await AssertEachReminderScheduledByItsOwnerOnlyAsync(cluster, keys);

        // A dead silo's reminders are picked up by their new owners.
        await cluster.KillSiloAsync(cluster.Silos[0]);
        await cluster.WaitForSettledMembershipAsync(ClusterTests.SettleTimeout);
        await AssertEachReminderScheduledByItsOwnerOnlyAsync(cluster, keys);
    }

    [Fact]
    public async Task An_activation_that_lost_its_grain_and_writes_late_fails_and_the_new_owners_write_stands()
    {
        await using var cluster = await ClusterTests.StartAsync(postgres);
        var gate = "late-" + Guid.NewGuid().ToString("N");
        var keys = Enumerable.Range(0, 40).Select(i => $"late-{i}").ToList();
        foreach (var key in keys)
        {
            await cluster.Silos[0].GrainFactory.GetGrain<IOperationLogGrain>(key).Apply("base");
        }
        // Each activation holds the version it read and waits, mid-call, to write from it.
        var late = keys.ToDictionary(k => k, k => cluster.Silos[0].GrainFactory.GetGrain<IOperationLogGrain>(k).ApplyAfter("late", gate));

        await cluster.StartAdditionalSiloAsync();
        await cluster.WaitForSettledMembershipAsync(ClusterTests.SettleTimeout);
        var newcomer = cluster.Silos[^1];
        var moved = keys.Where(k => cluster.Silos[0].OwnerOf(IdOf(cluster, k)) == newcomer.Address).ToList();
        Assert.NotEmpty(moved);
        foreach (var key in moved)
        {
            // The new owner activates the grain, reads "base" and commits its write.
            Assert.Equal(2, await cluster.Silos[0].GrainFactory.GetGrain<IOperationLogGrain>(key).Apply("new"));
        }

        RemoteProbeGrain.Gates.GetOrAdd(gate, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult("open");

        foreach (var key in keys)
        {
            var grain = cluster.Silos[0].GrainFactory.GetGrain<IOperationLogGrain>(key);
            if (moved.Contains(key))
            {
                await Assert.ThrowsAsync<InconsistentStateException>(() => late[key].WaitAsync(TimeSpan.FromSeconds(20)));
                Assert.Equal(["base", "new"], await grain.Operations());
            }
            else
            {
                Assert.Equal(2, await late[key].WaitAsync(TimeSpan.FromSeconds(20)));
                Assert.Equal(["base", "late"], await grain.Operations());
            }
        }
        await AssertOneActivationEachAsync(cluster, keys);
    }

    private static GrainId IdOf(TestCluster cluster, string key) =>
        cluster.Silos[0].GrainFactory.GetGrain<IOperationLogGrain>(key).GetGrainId();

    /// <summary>Calls every grain, from the silos in turn, so the moved ones activate at their new owners.</summary>
    private static async Task CallAllAsync(TestCluster cluster, IReadOnlyList<string> keys)
    {
        var silos = cluster.Silos.ToList();
        await Task.WhenAll(keys.Select((key, i) => silos[i % silos.Count].GrainFactory.GetGrain<IOperationLogGrain>(key).WhereAmI()));
    }

    private static async Task AssertOneActivationEachAsync(TestCluster cluster, IReadOnlyList<string> keys)
    {
        string? problem = null;
        var settled = await ClusterTests.EventuallyAsync(() =>
        {
            foreach (var key in keys)
            {
                var id = IdOf(cluster, key);
                var hosts = cluster.SilosHosting(id);
                var owner = cluster.Silos[0].OwnerOf(id);
                if (hosts.Count != 1 || hosts[0].Address != owner)
                {
                    problem = $"{id} is active on [{string.Join(", ", hosts)}]; its owner is {owner}";
                    return false;
                }
            }
            return true;
        }, MoveTimeout);
        Assert.True(settled, problem);
    }

    private static async Task AssertEachReminderScheduledByItsOwnerOnlyAsync(TestCluster cluster, IReadOnlyList<string> keys)
    {
        string? problem = null;
        var settled = await ClusterTests.EventuallyAsync(() =>
        {
            foreach (var key in keys)
            {
                var id = cluster.Silos[0].GrainFactory.GetGrain<IReminderGrain>(key).GetGrainId();
                var scheduledBy = cluster.Silos.Where(s => s.ScheduledReminders.Contains((id, "tick"))).ToList();
                var owner = cluster.Silos[0].OwnerOf(id);
                if (scheduledBy.Count != 1 || scheduledBy[0].Address != owner)
                {
                    problem = $"{id}'s reminder is scheduled on [{string.Join(", ", scheduledBy)}]; its owner is {owner}";
                    return false;
                }
            }
            return true;
        }, MoveTimeout);
        Assert.True(settled, problem);
    }
}
