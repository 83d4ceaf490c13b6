using Microsoft.Extensions.DependencyInjection;
using Gatehouse.Runtime.Tests.TestGrains;
using Gatehouse.TestingHost;

namespace Gatehouse.Runtime.Tests.Execution;

public sealed class CallTimeoutTests
{
    [Fact]
    public async Task A_cycle_of_non_reentrant_calls_ends_in_a_timeout_error_not_a_hang()
    {
        await using var cluster = await TestClusters.StartAsync(b => b.ConfigureOptions(o =>
        {
            o.CallTimeout = TimeSpan.FromSeconds(1);
            o.TimeoutSweepInterval = TimeSpan.FromMilliseconds(100);
        }));
        var a = cluster.GrainFactory.GetGrain<ICycleGrain>("a");
        var b = cluster.GrainFactory.GetGrain<ICycleGrain>("b");

        // a -> b -> a: a is busy waiting for b, so b's call into a can never start.
        var call = a.CallAround(b, hops: 2);

        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("CallAround", error.Message);

        // Both grains are usable again afterwards.
        Assert.Equal("pong", await a.Ping());
        Assert.Equal("pong", await b.Ping());
    }

    [Fact]
    public async Task The_default_call_timeout_is_30_seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), new Hosting.SiloOptions().CallTimeout);
        Assert.Equal(TimeSpan.FromMinutes(15), new Hosting.SiloOptions().CollectionAge);
    }

    [Fact]
    public async Task A_call_waiting_behind_a_long_call_times_out_by_the_injected_clock()
    {
        var time = new ManualTimeProvider();
        await using var cluster = await TestClusters.StartAsync(b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(time)));
        var grain = cluster.GrainFactory.GetGrain<IProbeGrain>("slow");

        // The first call holds the activation on a real 2 s delay; the second queues behind it.
        var first = grain.Work(1, delayMs: 2000);
        var second = grain.Work(2, delayMs: 0);
        time.Advance(TimeSpan.FromSeconds(31));
        cluster.Primary.SweepCallTimeouts();

        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => second);
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => first);
    }
}
