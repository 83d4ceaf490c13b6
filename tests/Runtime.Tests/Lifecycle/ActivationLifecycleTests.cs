using Gatehouse.Runtime.Tests.TestGrains;
using Gatehouse.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Runtime.Tests.Lifecycle;

public sealed class ActivationLifecycleTests
{
    private static string[] EventsOf(string key) => LifecycleGrain.Events.TryGetValue(key, out var log) ? [.. log] : [];

    [Fact]
    public async Task Getting_a_reference_activates_nothing_and_the_first_call_does()
    {
        await using var cluster = await TestClusters.StartAsync();
        var key = Guid.NewGuid().ToString("N");

        var reference = cluster.GrainFactory.GetGrain<ILifecycleGrain>(key);
        Assert.Empty(EventsOf(key));
        Assert.Equal(0, cluster.Primary.ActivationCount);

        await reference.Touch();
        Assert.Equal(["constructed", "activate", "touch"], EventsOf(key));
        Assert.Equal(1, cluster.Primary.ActivationCount);
    }

    [Fact]
    public async Task References_compare_equal_by_identity()
    {
        await using var cluster = await TestClusters.StartAsync();
        var a1 = cluster.GrainFactory.GetGrain<ILifecycleGrain>("a");
        var a2 = cluster.GrainFactory.GetGrain<ILifecycleGrain>("a");
        var b = cluster.GrainFactory.GetGrain<ILifecycleGrain>("b");

        Assert.Equal(a1, a2);
        Assert.Equal(a1.GetHashCode(), a2.GetHashCode());
        Assert.NotEqual(a1, b);
        Assert.Equal(new GrainId("lifecycle", "a"), a1.GetGrainId());
    }

    [Fact]
    public async Task DeactivateOnIdle_runs_OnDeactivateAsync_after_the_call_and_the_next_call_gets_a_new_activation()
    {
        await using var cluster = await TestClusters.StartAsync();
        var key = Guid.NewGuid().ToString("N");
        var grain = cluster.GrainFactory.GetGrain<ILifecycleGrain>(key);

        await grain.Touch();
        await grain.DeactivateNow();
        await WaitUntil(() => cluster.Primary.ActivationCount == 0);
        await grain.Touch();

        Assert.Equal(
            ["constructed", "activate", "touch", "deactivate:ApplicationRequested", "constructed", "activate", "touch"],
            EventsOf(key));
    }

    [Fact]
    public async Task Idle_activations_are_collected_after_the_collection_age_by_the_injected_clock()
    {
        var time = new ManualTimeProvider();
        await using var cluster = await TestClusters.StartAsync(b => b
            .ConfigureServices(s => s.AddSingleton<TimeProvider>(time))
            .ConfigureOptions(o => o.CollectionAge = TimeSpan.FromMinutes(15)));
        var key = Guid.NewGuid().ToString("N");
        await cluster.GrainFactory.GetGrain<ILifecycleGrain>(key).Touch();

        time.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(0, cluster.Primary.CollectIdleActivations());
        Assert.True(1 == cluster.Primary.ActivationCount, string.Join(",", EventsOf(key)));

        // Crossing the age fires the silo's own collection timer (every CollectionQuantum).
        time.Advance(TimeSpan.FromMinutes(2));
        await WaitUntil(() => cluster.Primary.ActivationCount == 0);
        Assert.Contains("deactivate:IdleCollection", EventsOf(key));
    }

    [Fact]
    public async Task Stopping_the_silo_deactivates_gracefully_and_killing_it_does_not()
    {
        var graceful = Guid.NewGuid().ToString("N");
        var killed = Guid.NewGuid().ToString("N");
        var cluster = await TestClusters.StartAsync();
        await cluster.GrainFactory.GetGrain<ILifecycleGrain>(graceful).Touch();
        await cluster.StopSiloAsync(cluster.Primary);
        Assert.Contains("deactivate:ShuttingDown", EventsOf(graceful));

        await cluster.StartAdditionalSiloAsync();
        await cluster.GrainFactory.GetGrain<ILifecycleGrain>(killed).Touch();
        await cluster.KillSiloAsync(cluster.Primary);
        Assert.DoesNotContain(EventsOf(killed), e => e.StartsWith("deactivate", StringComparison.Ordinal));
        await cluster.DisposeAsync();
    }

    internal static async Task WaitUntil(Func<bool> condition, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("The condition did not become true in time.");
            }
            await Task.Delay(10);
        }
    }
}
