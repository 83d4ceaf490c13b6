using Gatehouse.Runtime.Invocation;
using Gatehouse.Runtime.Tests.Persistence;
using Gatehouse.Runtime.Tests.TestGrains;
using Gatehouse.Runtime.Transport;
using Gatehouse.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Runtime.Tests.Cluster;

/// <summary>
/// A call that reaches a silo which does not own its grain (the sender's view was stale) is passed
/// on to the owner once; a passed-on call is never passed on again.
/// </summary>
[Collection(PostgresFixture.Collection)]
public sealed class ClusterForwardingTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_request_that_reaches_a_silo_which_does_not_own_the_grain_is_forwarded_to_the_owner()
    {
        await using var cluster = await ClusterTests.StartAsync(postgres);
        var (sender, wrong, owner) = (cluster.Silos[0], cluster.Silos[1], cluster.Silos[2]);
        var key = KeyOwnedBy(cluster, owner, "forwarded");

        // As a sender whose view still put the grain on `wrong` would send it.
        var call = NewCall(sender, key, out var arguments);
        TransportOf(sender).Send(wrong.Address, call, arguments);

        Assert.Equal(owner.Name, await ((Task<string>)call.ReturnValue).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal([owner], cluster.SilosHosting(IdOf(sender, key)));
    }

    [Fact]
    public async Task A_forwarded_request_runs_where_it_arrives_and_that_activation_leaves_once_idle()
    {
        await using var cluster = await ClusterTests.StartAsync(postgres);
        var (sender, wrong, owner) = (cluster.Silos[0], cluster.Silos[1], cluster.Silos[2]);
        var key = KeyOwnedBy(cluster, owner, "bounced");

        var call = NewCall(sender, key, out var arguments);
        TransportOf(sender).SendForwarded(wrong.Address, call, arguments);

        // Not passed on a second time, whatever the receiver's view says.
        Assert.Equal(wrong.Name, await ((Task<string>)call.ReturnValue).WaitAsync(TimeSpan.FromSeconds(10)));
        // The receiver does not own the grain, so the activation it made goes once idle.
        Assert.True(await ClusterTests.EventuallyAsync(() => !wrong.HasActivation(IdOf(sender, key)), TimeSpan.FromSeconds(10)),
            "The activation on the silo that does not own the grain stayed.");
        Assert.Equal(owner.Name, await sender.GrainFactory.GetGrain<IOperationLogGrain>(key).WhereAmI());
    }

    private static string KeyOwnedBy(TestCluster cluster, TestSilo owner, string prefix) =>
        Enumerable.Range(0, 1000).Select(i => $"{prefix}-{i}").First(k => cluster.Silos[0].OwnerOf(IdOf(owner, k)) == owner.Address);

    private static GrainId IdOf(TestSilo silo, string key) => silo.GrainFactory.GetGrain<IOperationLogGrain>(key).GetGrainId();

    private static GrainCallRequest NewCall(TestSilo sender, string key, out object?[] arguments)
    {
        arguments = [];
        var method = GrainInterfaceInfo.For(typeof(IOperationLogGrain)).Methods.Single(m => m.Method.Name == nameof(IOperationLogGrain.WhereAmI));
        return method.NewRequest(IdOf(sender, key), arguments, sender.Services.GetRequiredService<SiloRuntime>());
    }

    private static SiloTransport TransportOf(TestSilo silo) => silo.Services.GetRequiredService<SiloTransport>();
}
