using System.Diagnostics;
using System.Net;
using Gatehouse.Runtime.Hosting;
using Gatehouse.Runtime.Membership;
using Gatehouse.TestingHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// The Silo executable as systemd runs it: a cluster member on PostgreSQL that stops cleanly (exit
/// 0) on SIGINT, and exits non-zero when the cluster declares it dead, so that
/// <c>Restart=on-failure</c> brings it back as a new incarnation.
/// </summary>
public sealed class SiloProcessTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ASiloDeclaredDeadWhileHung_ExitsWith75_AndAGracefulStopExits0()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Gatehouse:Storage:Provider"] = "Postgres",
            ["Gatehouse:Storage:Postgres:ConnectionString"] = await postgres.CreateDatabaseAsync("silo_process"),
            ["Gatehouse:Cluster:Membership"] = "Postgres",
            ["Gatehouse:Silo:ServiceId"] = "silo-process-" + Guid.NewGuid().ToString("N")[..8],
            ["Gatehouse:Silo:Transport:ListenAddress"] = "127.0.0.1",
            ["Gatehouse:Silo:Transport:ListenPort"] = "0",
            ["Gatehouse:Passwords:Iterations"] = "1000",
            ["Gatehouse:Bootstrap:AdminPassword"] = "silo-process-admin-password",
            ["Gatehouse:Secrets:MasterKey"] = Convert.ToBase64String(new byte[32]),
        };
        var environment = settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        var siloDll = LocalCluster.BuiltExecutable("Silo", "Gatehouse.Silo.dll");

        // The peer that will declare the hung silo dead, in this process.
        using var peer = BuildSilo(settings);
        await peer.StartAsync();
        var peerView = peer.Services.GetRequiredService<IMembershipService>();
        try
        {
            await using (var hung = RunningGateway.Start(Launch.App, environment, appDll: siloDll))
            {
                await WaitReadyAsync(hung);
                Assert.True(await UntilAsync(() => peerView.ActiveSilos.Count == 2), $"The peer never saw the silo process join ({peerView.View}).\n{hung.Output}");

                // Hung: no heartbeat, no answer to probes. The peer declares it dead.
                await hung.PauseAsync(pause: true);
                var declared = await UntilAsync(() => peerView.ActiveSilos.Count == 1);
                await hung.PauseAsync(pause: false);
                Assert.True(declared, $"The peer did not declare the hung silo dead within {Wait.TotalSeconds} s ({peerView.View}).");

                // Resumed, it finds its row dead, stops serving, and exits for its supervisor.
                var exitCode = await hung.WaitForExitAsync(Wait);
                Assert.True(exitCode == DeclaredDeadExit.ExitCode,
                    $"The silo declared dead exited with {exitCode?.ToString() ?? "nothing (still running)"}, not {DeclaredDeadExit.ExitCode}.\n{hung.Output}");
                Assert.Contains("declared dead by the cluster", hung.Output, StringComparison.Ordinal);
            }

            // Its next incarnation joins, and a graceful stop is a clean exit.
            await using var restarted = RunningGateway.Start(Launch.App, environment, appDll: siloDll);
            await WaitReadyAsync(restarted);
            Assert.True(await UntilAsync(() => peerView.ActiveSilos.Count == 2), $"The restarted silo never joined ({peerView.View}).\n{restarted.Output}");
            var stopped = await restarted.InterruptAsync(Wait);
            Assert.True(stopped == 0, $"The silo exited with {stopped?.ToString() ?? "nothing (still running)"} after SIGINT, not 0.\n{restarted.Output}");
        }
        finally
        {
            await peer.StopAsync();
        }
    }

    private static IHost BuildSilo(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddGatehouseGrainSilo(builder.Configuration);
        return builder.Build();
    }

    private static async Task WaitReadyAsync(RunningGateway silo)
    {
        var ready = await silo.WaitForStatusAsync("/readyz", HttpStatusCode.OK, Wait);
        Assert.True(ready.Status == HttpStatusCode.OK, $"The silo's /readyz did not answer 200 within {Wait.TotalSeconds} s (last: {ready}).\n{silo.Output}");
    }

    private static async Task<bool> UntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Wait)
            {
                return false;
            }
            await Task.Delay(100);
        }
        return true;
    }
}
