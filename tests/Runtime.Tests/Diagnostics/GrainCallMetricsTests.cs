using Gatehouse.Runtime.Tests.TestGrains;
using Gatehouse.Runtime.Tests.Transport;
using Gatehouse.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Runtime.Tests.Diagnostics;

/// <summary>
/// Grain calls as <c>/metrics</c> shows them: counted once, where the caller's request
/// completes, by location and outcome, with a duration histogram whose count matches.
/// </summary>
public sealed class GrainCallMetricsTests
{
    private const string Calls = "gatehouse_grain_calls_total";
    private const string DurationCount = "gatehouse_grain_call_duration_seconds_count";

    [Fact]
    public async Task Each_completed_call_counts_once_as_ok_and_the_histogram_count_equals_the_calls()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IThrowingGrain>("counted");
        await grain.Increment();
        var before = Scrape.Of(cluster.Primary);

        for (var i = 0; i < 5; i++)
        {
            await grain.Increment();
        }
        var after = Scrape.Of(cluster.Primary);

        Assert.Equal(5, after.Count(Calls, ("location", "local"), ("outcome", "ok")) - before.Count(Calls, ("location", "local"), ("outcome", "ok")));
        var allLocal = after.Families[Calls].Samples.Where(s => s.Labels["location"] == "local").Sum(s => s.Value);
        Assert.Equal(allLocal, after.Count(DurationCount, ("location", "local")));
        Assert.Equal(after.Count(DurationCount, ("location", "local")), after.Count("gatehouse_grain_call_duration_seconds_bucket", ("location", "local"), ("le", "+Inf")));
        Assert.True(after.Count("gatehouse_activations") >= 1);
        Assert.Equal(1, after.Count("gatehouse_cluster_active_silos"));
    }

    [Fact]
    public async Task A_call_that_throws_counts_as_an_error()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IThrowingGrain>("fails");

        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Fail("on purpose"));
        await Assert.ThrowsAsync<ArgumentException>(() => grain.FailAfterAwait("on purpose"));
        var text = Scrape.Of(cluster.Primary);

        Assert.Equal(2, text.Count(Calls, ("location", "local"), ("outcome", "error")));
        Assert.Equal(0, text.Count(Calls, ("location", "local"), ("outcome", "ok")));
    }

    [Fact]
    public async Task A_call_that_times_out_counts_as_a_timeout_once_even_when_its_result_comes_later()
    {
        var time = new ManualTimeProvider();
        await using var cluster = await TestClusters.StartAsync(b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(time)));
        var grain = cluster.GrainFactory.GetGrain<IProbeGrain>("slow");
        await grain.Work(0, delayMs: 0);
        var before = Scrape.Of(cluster.Primary);

        // The first call holds the activation on a real delay; the second waits behind it.
        var first = grain.Work(1, delayMs: 500);
        var second = grain.Work(2, delayMs: 0);
        time.Advance(TimeSpan.FromSeconds(31));
        cluster.Primary.SweepCallTimeouts();
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => second);
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => first);
        // The first call's own result arrives after its timeout and must not count again.
        await Task.Delay(700);
        var after = Scrape.Of(cluster.Primary);

        Assert.Equal(2, after.Count(Calls, ("location", "local"), ("outcome", "timeout")));
        Assert.Equal(before.Count(Calls, ("location", "local"), ("outcome", "ok")), after.Count(Calls, ("location", "local"), ("outcome", "ok")));
        // Timed out after 31 s on the silo's clock: past the last bound, in +Inf only.
        Assert.Equal(
            after.Count("gatehouse_grain_call_duration_seconds_bucket", ("location", "local"), ("le", "10")) + 2,
            after.Count("gatehouse_grain_call_duration_seconds_bucket", ("location", "local"), ("le", "+Inf")));
    }

    [Fact]
    public async Task A_call_to_another_silo_counts_as_remote_on_the_caller_and_as_served_on_the_owner()
    {
        await using var silos = await TwoSilos.StartAsync();
        var onB = silos.Probe(silos.A, silos.B, "remote-metrics");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(3, await onB.Add(1, 2));
        }
        await Assert.ThrowsAsync<InvalidOperationException>(() => onB.Fail("remote failure"));
        var a = Scrape.Of(silos.A);
        var b = Scrape.Of(silos.B);

        Assert.Equal(3, a.Count(Calls, ("location", "remote"), ("outcome", "ok")));
        Assert.Equal(1, a.Count(Calls, ("location", "remote"), ("outcome", "error")));
        Assert.Equal(4, a.Count(DurationCount, ("location", "remote")));
        Assert.Equal(0, b.Count(Calls, ("location", "remote"), ("outcome", "ok")));
        // B ran them: it counts them as served, A served none.
        Assert.Equal(3, b.Count("gatehouse_grain_calls_served_total", ("outcome", "ok")));
        Assert.Equal(1, b.Count("gatehouse_grain_calls_served_total", ("outcome", "error")));
        Assert.Equal(0, a.Count("gatehouse_grain_calls_served_total", ("outcome", "ok")));
        Assert.True(a.Count("gatehouse_transport_connections") >= 1);
        Assert.Equal(0, a.Count("gatehouse_transport_pending_calls"));
    }
}
