using Gatehouse.Runtime.Tests.Lifecycle;
using Gatehouse.Runtime.Tests.TestGrains;
using Gatehouse.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Runtime.Tests.Timers;

public sealed class GrainTimerTests
{
    [Fact]
    public async Task Timer_ticks_follow_the_injected_clock_and_stop_when_disposed()
    {
        var time = new ManualTimeProvider();
        await using var cluster = await TestClusters.StartAsync(b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(time)));
        var grain = cluster.GrainFactory.GetGrain<ITimerGrain>("ticker");
        await grain.Start(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));

        for (var expected = 1; expected <= 3; expected++)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            var want = expected;
            await WaitForTicks(grain, want);
        }

        await grain.Stop();
        time.Advance(TimeSpan.FromMinutes(5));
        await Task.Delay(50);
        Assert.Equal(3, await grain.Ticks());
    }

    [Fact]
    public async Task Timer_callbacks_are_turns_and_never_overlap_a_call()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ITimerGrain>("turns");
        await grain.Start(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1));

        for (var i = 0; i < 20; i++)
        {
            await grain.SlowCall(5);
        }

        Assert.True(await grain.Ticks() > 0);
        Assert.Equal(1, await grain.MaxConcurrency());
    }

    private static async Task WaitForTicks(ITimerGrain grain, int count)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (await grain.Ticks() < count)
        {
            Assert.True(Environment.TickCount64 < deadline, $"expected {count} ticks");
            await Task.Delay(5);
        }
    }
}
