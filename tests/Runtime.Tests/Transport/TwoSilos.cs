using Gatehouse.Runtime.Membership;
using Gatehouse.Runtime.Placement;
using Gatehouse.Runtime.Tests.TestGrains;
using Gatehouse.Runtime.Transport;
using Gatehouse.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Runtime.Tests.Transport;

/// <summary>Two in-process silos (silo-1 = A, silo-2 = B) joined by the TCP transport on loopback, with pinned placement.</summary>
internal sealed class TwoSilos : IAsyncDisposable
{
    private TwoSilos(TestCluster cluster, PinnedPlacementDirector.Pins pins)
    {
        Cluster = cluster;
        Pins = pins;
    }

    public TestCluster Cluster { get; }

    public PinnedPlacementDirector.Pins Pins { get; }

    public TestSilo A => Cluster.Silos[0];

    public TestSilo B => Cluster.Silos[1];

    public static async Task<TwoSilos> StartAsync(Action<TestClusterBuilder>? configure = null, Action<TransportOptions>? transport = null)
    {
        var pins = new PinnedPlacementDirector.Pins();
        var cluster = await TestClusters.StartAsync(builder =>
        {
            builder.InitialSilosCount = 2;
            builder.ConfigureServices(services => services.AddSingleton<IPlacementDirector>(
                sp => new PinnedPlacementDirector(pins, sp.GetRequiredService<IMembershipService>())));
            builder.ConfigureSilo(silo => silo.UseTcpTransport(o =>
            {
                o.ListenPort = 0;
                transport?.Invoke(o);
            }));
            configure?.Invoke(builder);
        });
        foreach (var silo in cluster.Silos)
        {
            pins.Silos[silo.Name] = silo.Services.GetRequiredService<IMembershipService>().LocalSilo;
        }
        return new TwoSilos(cluster, pins);
    }

    /// <summary>A reference, obtained on <paramref name="caller"/>, to a probe grain that lives on <paramref name="owner"/>.</summary>
    public IRemoteProbeGrain Probe(TestSilo caller, TestSilo owner, string key) => Pin(caller.GrainFactory.GetGrain<IRemoteProbeGrain>(key), owner);

    /// <summary>Places the grain <paramref name="reference"/> names on <paramref name="owner"/>, whichever silo calls it.</summary>
    public T Pin<T>(T reference, TestSilo owner) where T : IAddressable
    {
        Pins.Grains[reference.GetGrainId()] = owner.Name;
        return reference;
    }

    public static SiloTransport TransportOf(TestSilo silo) => silo.Services.GetRequiredService<SiloTransport>();

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
