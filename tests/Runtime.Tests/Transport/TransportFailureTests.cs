using System.Net;
using System.Net.Sockets;
using Gatehouse.Runtime.Hosting;
using Gatehouse.Runtime.Placement;
using Gatehouse.Runtime.Tests.TestGrains;
using Gatehouse.Runtime.Transport;
using Gatehouse.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gatehouse.Runtime.Tests.Transport;

/// <summary>Deadlines, lost connections, killed silos and back-pressure on the transport.</summary>
public sealed class TransportFailureTests
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task The_callers_deadline_fails_a_call_the_remote_silo_does_not_answer()
    {
        var clockA = new ManualTimeProvider();
        var clockB = new ManualTimeProvider();
        await using var silos = await StartWithClocksAsync(clockA, clockB);
        var gate = Gate();
        var call = silos.Probe(silos.A, silos.B, "slow").WaitFor(gate);
        await WaitUntilAsync(() => PendingOn(silos.A) == 1);

        clockA.Advance(CallTimeout + TimeSpan.FromSeconds(2));

        var exception = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain("on the silo that runs it", exception.Message);
        Assert.Equal(0, PendingOn(silos.A));
        Open(gate);
    }

    [Fact]
    public async Task The_remote_silo_enforces_the_deadline_it_was_sent()
    {
        var clockA = new ManualTimeProvider();
        var clockB = new ManualTimeProvider();
        await using var silos = await StartWithClocksAsync(clockA, clockB);
        var gate = Gate();
        var call = silos.Probe(silos.A, silos.B, "slow-there").WaitFor(gate);
        await WaitUntilAsync(() => silos.B.ActivationCount == 1);

        // Only B's clock moves: the timeout can only come from B's own sweep of the running call.
        clockB.Advance(CallTimeout + TimeSpan.FromSeconds(2));

        var exception = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("on the silo that runs it", exception.Message);
        Open(gate);
    }

    [Fact]
    public async Task A_lost_connection_fails_pending_calls_at_once_and_the_next_call_reconnects()
    {
        await using var silos = await TwoSilos.StartAsync();
        var grain = silos.Probe(silos.A, silos.B, "cut-off");
        Assert.Equal("silo-2", await grain.WhereAmI());
        var gate = Gate();
        var pending = Enumerable.Range(0, 5).Select(i => silos.Probe(silos.A, silos.B, $"cut-{i}").WaitFor(gate)).ToList();
        await WaitUntilAsync(() => PendingOn(silos.A) == 5);

        TwoSilos.TransportOf(silos.B).DropConnections();

        foreach (var call in pending)
        {
            await Assert.ThrowsAsync<SiloUnavailableException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        }
        Assert.Equal("silo-2", await grain.WhereAmI().WaitAsync(TimeSpan.FromSeconds(10)));
        Open(gate);
    }

    [Fact]
    public async Task A_killed_silo_fails_pending_calls_at_once_and_new_calls_cannot_reach_it()
    {
        await using var silos = await TwoSilos.StartAsync();
        var b = silos.B;
        var pending = silos.Probe(silos.A, b, "doomed").WaitFor(Gate());
        await WaitUntilAsync(() => PendingOn(silos.A) == 1);

        await silos.Cluster.KillSiloAsync(b);

        // Either the dying silo's catalog refuses the call or the lost connection fails it; promptly, not by a timeout.
        var failure = await Record.ExceptionAsync(() => pending.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.NotNull(failure);
        Assert.False(failure is TimeoutException, $"The pending call was not failed promptly: {failure}");
        var refused = await Assert.ThrowsAsync<SiloUnavailableException>(() => silos.Probe(silos.A, b, "doomed").WhereAmI().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("could not be reached", refused.Message);
    }

    [Fact]
    public async Task An_unreachable_silo_is_retried_only_after_a_back_off_that_doubles()
    {
        var clockA = new ManualTimeProvider();
        var clockB = new ManualTimeProvider();
        await using var silos = await StartWithClocksAsync(clockA, clockB);
        // Bound but not listening: connecting is refused, and no other test can take the port.
        using var deaf = new Socket(SocketType.Stream, ProtocolType.Tcp);
        deaf.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silos.Pins.Silos["deaf"] = new SiloAddress("127.0.0.1", ((IPEndPoint)deaf.LocalEndPoint!).Port, 1);
        silos.Pins.Grains[silos.A.GrainFactory.GetGrain<IRemoteProbeGrain>("unreachable").GetGrainId()] = "deaf";
        Task<string> Call() => silos.A.GrainFactory.GetGrain<IRemoteProbeGrain>("unreachable").WhereAmI().WaitAsync(TimeSpan.FromSeconds(10));

        var first = await Assert.ThrowsAsync<SiloUnavailableException>(Call);
        var during = await Assert.ThrowsAsync<SiloUnavailableException>(Call);
        clockA.Advance(TimeSpan.FromMilliseconds(150));
        var second = await Assert.ThrowsAsync<SiloUnavailableException>(Call);
        var duringLonger = await Assert.ThrowsAsync<SiloUnavailableException>(Call);

        Assert.True(first.Message.Contains("could not be reached:"), first.Message);
        Assert.True(during.Message.Contains("back-off of 100 ms"), during.Message);
        Assert.True(second.Message.Contains("could not be reached:"), second.Message);
        Assert.True(duringLonger.Message.Contains("back-off of 200 ms"), duringLonger.Message);
    }

    [Fact]
    public async Task A_full_outbound_queue_makes_callers_wait_and_drops_no_call()
    {
        // A thousand calls through a queue of one: almost every caller waits for room. On a
        // loaded two-core machine that can take tens of seconds, so the call timeout is raised
        // well past it; what is tested is that waiting callers are neither dropped nor reordered.
        await using var silos = await TwoSilos.StartAsync(
            builder => builder.ConfigureOptions(o => o.CallTimeout = TimeSpan.FromMinutes(3)),
            o =>
            {
                o.OutboundQueueCapacity = 1;
                o.ConnectionsPerSilo = 1;
            });
        var grains = Enumerable.Range(0, 10).Select(i => silos.Probe(silos.A, silos.B, $"squeeze-{i}")).ToArray();

        var calls = Enumerable.Range(0, 1000).Select(i => grains[i % grains.Length].Tag([i.ToString()], "t")).ToList();
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"t:{i}"), calls.Select(c => Assert.Single(c.Result)));
    }

    [Fact]
    public async Task Calls_beyond_the_pending_limit_fail_with_a_clear_error_and_the_others_complete()
    {
        await using var silos = await TwoSilos.StartAsync(transport: o => o.MaxPendingCallsPerSilo = 4);
        var gate = Gate();
        var admitted = Enumerable.Range(0, 4).Select(i => silos.Probe(silos.A, silos.B, $"limit-{i}").WaitFor(gate)).ToList();
        await WaitUntilAsync(() => PendingOn(silos.A) == 4);

        var refused = await Assert.ThrowsAsync<TransportOverloadedException>(() => silos.Probe(silos.A, silos.B, "limit-extra").WhereAmI());
        Assert.Contains("already awaiting responses", refused.Message);

        Open(gate);
        Assert.Equal(["open", "open", "open", "open"], await Task.WhenAll(admitted).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("silo-2", await silos.Probe(silos.A, silos.B, "limit-extra").WhereAmI());
    }

    private static Task<TwoSilos> StartWithClocksAsync(ManualTimeProvider clockA, ManualTimeProvider clockB) =>
        TwoSilos.StartAsync(
            builder =>
            {
                builder.ConfigureOptions(o => o.CallTimeout = CallTimeout);
                builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(
                    sp => sp.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName == "silo-1" ? clockA : clockB));
            },
            // Pings would otherwise fire as the clocks jump, and that is not what these tests look at.
            o =>
            {
                o.PingInterval = TimeSpan.FromHours(1);
                o.DeadConnectionTimeout = TimeSpan.FromHours(3);
            });

    private static string Gate() => Guid.NewGuid().ToString("N");

    /// <summary>Lets the grains waiting on the gate finish, so the silos stop without waiting out a deactivation timeout.</summary>
    private static void Open(string gate) =>
        RemoteProbeGrain.Gates.GetOrAdd(gate, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult("open");

    private static int PendingOn(TestSilo silo) => TwoSilos.TransportOf(silo).Connections.Sum(c => c.PendingCount);

    /// <summary>Waits (boundedly) for a state the test cannot await directly, such as a call having reached the wire.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }
        Assert.True(condition(), "The expected state was not reached within 5 s.");
    }
}
