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
/// Asks a running local cluster where grains live: joins it from the test process as one more
/// cluster client and asks its placement, which computes owners from the membership table exactly
/// as the gateways do.
/// </summary>
internal static class ClusterPlacement
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    /// <summary>The silo owning each device's grain, once the client sees every silo of the cluster active.</summary>
    public static async Task<IReadOnlyDictionary<string, SiloAddress>> OwnersAsync(LocalCluster cluster, IEnumerable<string> deviceIds)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gatehouse:Storage:Provider"] = "Postgres",
            ["Gatehouse:Storage:Postgres:ConnectionString"] = cluster.ConnectionString,
            ["Gatehouse:Cluster:Membership"] = "Postgres",
            ["Gatehouse:Silo:ServiceId"] = "local-cluster",
            ["Gatehouse:Silo:Transport:ListenAddress"] = "127.0.0.1",
            ["Gatehouse:Silo:Transport:ListenPort"] = "0",
        });
        builder.Services.AddLogging();
        builder.Services.AddGatehouseClusterClient(builder.Configuration);
        using var client = builder.Build();
        await client.StartAsync();
        try
        {
            var membership = client.Services.GetRequiredService<IMembershipService>();
            var clock = Stopwatch.StartNew();
            while (membership.ActiveSilos.Count < cluster.SiloCount && clock.Elapsed < Wait)
            {
                await Task.Delay(100);
            }
            Assert.Equal(cluster.SiloCount, membership.ActiveSilos.Count);
            var grains = client.Services.GetRequiredService<IGrainFactory>();
            var placement = client.Services.GetRequiredService<IPlacementDirector>();
            return deviceIds.ToDictionary(id => id, id => placement.GetOwner(grains.GetGrain<IDeviceGrain>(id).GetGrainId()));
        }
        finally
        {
            await client.StopAsync();
        }
    }

    /// <summary>Which silo of the cluster (1-based) listens at <paramref name="owner"/>; 0 when none does.</summary>
    public static int SiloNumber(LocalCluster cluster, SiloAddress owner) =>
        Enumerable.Range(1, cluster.SiloCount).SingleOrDefault(n => cluster.Settings[$"SILO_{n}_TRANSPORT_PORT"] == owner.Port.ToString());
}
