using System.Diagnostics;
using Gatehouse.Grains.Devices;
using Gatehouse.Runtime;
using Gatehouse.Runtime.Hosting;
using Gatehouse.Runtime.Membership;
using Gatehouse.Runtime.Placement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// Asks a running cluster where grains live: joins it from the test process as one more cluster
/// client and asks its placement, which computes owners from the membership table exactly as the
/// gateways do.
/// </summary>
internal static class ClusterPlacement
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    /// <summary>The silo owning each device's grain, once the client sees every silo of the cluster active.</summary>
    public static async Task<IReadOnlyDictionary<string, SiloAddress>> OwnersAsync(LocalCluster cluster, IEnumerable<string> deviceIds)
    {
        using var client = await JoinAsync(cluster.ConnectionString, "local-cluster", cluster.SiloCount);
        try
        {
            return deviceIds.ToDictionary(id => id, id => Owner(client, id));
        }
        finally
        {
            await client.StopAsync();
        }
    }

    /// <summary>
    /// A started cluster client of the cluster <paramref name="serviceId"/> on
    /// <paramref name="connectionString"/>, returned once it sees <paramref name="silos"/> active
    /// silos (failing the test after 20 s). The caller stops and disposes it.
    /// </summary>
    public static async Task<IHost> JoinAsync(string connectionString, string serviceId, int silos, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gatehouse:Storage:Provider"] = "Postgres",
            ["Gatehouse:Storage:Postgres:ConnectionString"] = connectionString,
            ["Gatehouse:Cluster:Membership"] = "Postgres",
            ["Gatehouse:Silo:ServiceId"] = serviceId,
            ["Gatehouse:Silo:Transport:ListenAddress"] = "127.0.0.1",
            ["Gatehouse:Silo:Transport:ListenPort"] = "0",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Services.AddLogging();
        builder.Services.AddGatehouseClusterClient(builder.Configuration);
        var client = builder.Build();
        await client.StartAsync();
        var membership = client.Services.GetRequiredService<IMembershipService>();
        var clock = Stopwatch.StartNew();
        while (membership.ActiveSilos.Count < silos && clock.Elapsed < Wait)
        {
            await Task.Delay(100);
        }
        if (membership.ActiveSilos.Count != silos)
        {
            var view = membership.View;
            await client.StopAsync();
            client.Dispose();
            Assert.Fail($"The test's cluster client saw {membership.ActiveSilos.Count} active silos after {Wait.TotalSeconds} s, not {silos} ({view}).");
        }
        return client;
    }

    /// <summary>The silo that owns the device <paramref name="deviceId"/>'s grain in <paramref name="client"/>'s view.</summary>
    public static SiloAddress Owner(IHost client, string deviceId) =>
        client.Services.GetRequiredService<IPlacementDirector>().GetOwner(
            client.Services.GetRequiredService<IGrainFactory>().GetGrain<IDeviceGrain>(deviceId).GetGrainId());

    /// <summary>Which silo of the cluster (1-based) listens at <paramref name="owner"/>; 0 when none does.</summary>
    public static int SiloNumber(LocalCluster cluster, SiloAddress owner) =>
        Enumerable.Range(1, cluster.SiloCount).SingleOrDefault(n => cluster.Settings[$"SILO_{n}_TRANSPORT_PORT"] == owner.Port.ToString());
}
