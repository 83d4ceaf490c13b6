using Gatehouse.Runtime.Tests.TestGrains;
using Gatehouse.Runtime.Transport;

namespace Gatehouse.Runtime.Tests.Transport;

/// <summary>Grain calls between two silos over the TCP transport: routing, results, exceptions, concurrency.</summary>
public sealed class RemoteCallTests
{
    [Fact]
    public async Task A_call_runs_on_the_silo_placement_names_in_both_directions()
    {
        await using var silos = await TwoSilos.StartAsync();

        Assert.Equal("silo-2", await silos.Probe(silos.A, silos.B, "on-b").WhereAmI());
        Assert.Equal("silo-1", await silos.Probe(silos.B, silos.A, "on-a").WhereAmI());
        Assert.Equal(42, await silos.Probe(silos.A, silos.B, "on-b").Add(40, 2));
        Assert.Equal(["x:1", "x:2"], await silos.Probe(silos.A, silos.B, "on-b").Tag(["1", "2"], "x"));

        // Each grain has its one activation where it was placed, none on the caller.
        Assert.Equal(1, silos.A.ActivationCount);
        Assert.Equal(1, silos.B.ActivationCount);
    }

    [Fact]
    public async Task A_grain_on_B_can_call_a_grain_back_on_A()
    {
        await using var silos = await TwoSilos.StartAsync();
        silos.Probe(silos.A, silos.A, "home");

        var onB = silos.Probe(silos.A, silos.B, "away");

        Assert.Equal("silo-1", await onB.AskWhereIs("home"));
    }

    [Fact]
    public async Task A_remote_exception_comes_back_as_the_serializing_path_recreates_it()
    {
        await using var silos = await TwoSilos.StartAsync();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => silos.Probe(silos.A, silos.B, "fails").Fail("no such thing"));

        Assert.Equal("no such thing", exception.Message);
    }

    [Fact]
    public async Task A_call_too_big_for_a_frame_fails_alone_and_the_connection_carries_on()
    {
        await using var silos = await TwoSilos.StartAsync(transport: o => o.MaxFrameSize = 4096);
        var grain = silos.Probe(silos.A, silos.B, "big");
        Assert.Equal(3, await grain.Add(1, 2));

        var tooBig = await Assert.ThrowsAsync<NotSupportedException>(() => grain.Tag(Enumerable.Range(0, 2000).Select(i => $"item-{i}").ToList(), "t"));
        var tooLongKey = await Assert.ThrowsAsync<ArgumentException>(() => silos.Probe(silos.A, silos.B, new string('k', 70_000)).WhereAmI());

        Assert.Contains("a frame holds at most 4096", tooBig.Message);
        Assert.Contains("at most 65535 fit", tooLongKey.Message);
        Assert.Equal(7, await grain.Add(3, 4));
    }

    [Fact]
    public async Task Many_calls_in_flight_each_get_their_own_result()
    {
        await using var silos = await TwoSilos.StartAsync();
        var grains = Enumerable.Range(0, 40).Select(i => silos.Probe(silos.A, silos.B, $"many-{i}")).ToArray();

        var calls = Enumerable.Range(0, 4000).Select(i => (Expected: i * 3, Task: grains[i % grains.Length].Add(i, i * 2))).ToList();
        await Task.WhenAll(calls.Select(c => c.Task)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(calls, c => Assert.Equal(c.Expected, c.Task.Result));
    }

    [Fact]
    public async Task Concurrent_remote_calls_to_one_grain_still_run_one_turn_at_a_time()
    {
        await using var silos = await TwoSilos.StartAsync();
        var grain = silos.Probe(silos.A, silos.B, "one-at-a-time");

        var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => grain.Increment())).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(Enumerable.Range(1, 300), results.Order());
    }
}
