using Gatehouse.Runtime.Tests.TestGrains;
using Gatehouse.TestingHost;

namespace Gatehouse.Runtime.Tests.Execution;

/// <summary>One request at a time per activation, in arrival order, across awaits; and parallelism between grains.</summary>
public sealed class TurnSchedulingTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Concurrent_calls_to_one_grain_never_overlap_and_run_in_arrival_order()
    {
        var grain = _cluster.GrainFactory.GetGrain<IProbeGrain>("serial");
        var calls = Enumerable.Range(1, 40).Select(i => grain.Work(i, delayMs: 2)).ToList();

        var results = await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(1, 40), results);
        Assert.Equal(1, await grain.MaxConcurrency());
        Assert.Equal(Enumerable.Range(1, 40), await grain.Arrivals());
    }

    [Fact]
    public async Task Calls_from_many_threads_to_one_grain_never_overlap()
    {
        var grain = _cluster.GrainFactory.GetGrain<IProbeGrain>("threads");
        var callers = Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await grain.Work(t * 100 + i, delayMs: 0);
            }
        }));

        await Task.WhenAll(callers);

        Assert.Equal(1, await grain.MaxConcurrency());
        Assert.Equal(200, (await grain.Arrivals()).Count);
    }

    [Fact]
    public async Task Read_only_calls_interleave_with_each_other()
    {
        var grain = _cluster.GrainFactory.GetGrain<IProbeGrain>("readers");

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => grain.Read(delayMs: 50)));

        Assert.True(await grain.MaxConcurrency() > 1, "read-only calls should have interleaved");
    }

    [Fact]
    public async Task A_read_only_call_does_not_interleave_with_a_writing_call()
    {
        var grain = _cluster.GrainFactory.GetGrain<IProbeGrain>("reader-writer");

        await Task.WhenAll(grain.Work(1, delayMs: 50), grain.Read(delayMs: 50), grain.Work(2, delayMs: 50));

        Assert.Equal(1, await grain.MaxConcurrency());
    }

    [Fact]
    public async Task A_reentrant_grain_interleaves_calls_at_awaits()
    {
        var grain = _cluster.GrainFactory.GetGrain<IReentrantProbeGrain>("reentrant");

        await Task.WhenAll(Enumerable.Range(1, 10).Select(i => grain.Work(i, delayMs: 50)));

        Assert.True(await grain.MaxConcurrency() > 1, "a [Reentrant] grain should interleave");
    }

    [Fact]
    public async Task Calls_to_different_grains_run_in_parallel()
    {
        // Each call blocks its thread until the other arrives: only parallel execution completes.
        var barrier = Guid.NewGuid().ToString("N");
        var a = _cluster.GrainFactory.GetGrain<IProbeGrain>("parallel-a");
        var b = _cluster.GrainFactory.GetGrain<IProbeGrain>("parallel-b");

        await Task.WhenAll(a.Meet(barrier, 2), b.Meet(barrier, 2)).WaitAsync(TimeSpan.FromSeconds(30));
    }
}
