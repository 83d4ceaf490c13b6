using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Gatehouse.Runtime.Placement;
using Gatehouse.Tests.Hosting;
using Gatehouse.TestingHost;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// docs/operations.md: "A gateway in the default <c>Embedded</c> mode with <c>Membership=Postgres</c>
/// is instead a full member: it hosts grains like a silo". A Silo process and an Embedded gateway
/// process on one PostgreSQL membership: the cluster places device grains on both, and the
/// gateway serves devices whose grains live in its own silo and devices whose grains live in the
/// other process.
/// </summary>
public sealed class EmbeddedGatewayMemberTests(ITestOutputHelper output)
{
    /// <summary>Random device ids over two members: all on one side by chance once in 2^15 runs.</summary>
    private const int Devices = 16;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AnEmbeddedGatewayOnPostgresMembership_OwnsGrains_AndServesDevicesOnEitherMember()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync("embedded_member");
        var serviceId = "embedded-member-" + Guid.NewGuid().ToString("N")[..8];
        var directory = Directory.CreateTempSubdirectory("gatehouse-embedded-member-").FullName;
        var secretFile = Path.Combine(directory, "cluster-secret");
        await File.WriteAllTextAsync(secretFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
        const string adminPassword = "embedded-member-admin-password";
        var shared = new Dictionary<string, string>(ClusterEndToEndTests.TestSettings)
        {
            ["Gatehouse__Storage__Provider"] = "Postgres",
            ["Gatehouse__Storage__Postgres__ConnectionString"] = connectionString,
            ["Gatehouse__Cluster__Membership"] = "Postgres",
            ["Gatehouse__Silo__ServiceId"] = serviceId,
            ["Gatehouse__Silo__Transport__ListenAddress"] = "127.0.0.1",
            ["Gatehouse__Silo__Transport__ClusterSecretFile"] = secretFile,
            ["Gatehouse__Secrets__MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Gatehouse__Bootstrap__AdminPassword"] = adminPassword,
        };
        var siloPort = RunningGateway.FreeTcpPort();
        var gatewayPort = RunningGateway.FreeTcpPort();
        try
        {
            // Gatehouse:Gateway:Mode is left unset: Embedded is the default under test.
            await using var silo = RunningGateway.Start(Launch.App, With(shared, siloPort), appDll: LocalCluster.BuiltExecutable("Silo", "Gatehouse.Silo.dll"));
            await using var gateway = RunningGateway.Start(Launch.App, With(shared, gatewayPort));
            var logs = () => $"--- silo ---\n{Tail(silo.Output)}\n--- gateway ---\n{Tail(gateway.Output)}";

            // Both members, each seeing the other.
            foreach (var (name, process) in new[] { ("silo", silo), ("gateway", gateway) })
            {
                var ready = await process.WaitForStatusAsync("/readyz", HttpStatusCode.OK, Wait);
                Assert.True(ready.Status == HttpStatusCode.OK, $"The {name}'s /readyz did not answer 200 within {Wait.TotalSeconds} s (last: {ready}).\n{logs()}");
            }
            foreach (var (name, process) in new[] { ("silo", silo), ("gateway", gateway) })
            {
                var seen = await ActiveSilosAsync(process.BaseAddress, expected: 2);
                Assert.True(seen == 2, $"The {name} sees {seen?.ToString() ?? "no"} active silos after {Wait.TotalSeconds} s, not 2.\n{logs()}");
            }
            using var client = await ClusterPlacement.JoinAsync(connectionString, serviceId, silos: 2,
                new Dictionary<string, string?> { ["Gatehouse:Silo:Transport:ClusterSecretFile"] = secretFile });
            try
            {
                // Every request through the gateway: create a device and a token, post a message
                // as the device, read it back as the administrator.
                var bearer = await ClusterEndToEndTests.LoginAsync(gateway.BaseAddress, adminPassword);
                using var admin = ClusterEndToEndTests.Client(gateway.BaseAddress, bearer);
                using var devices = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
                var owners = new Dictionary<string, SiloAddress>(StringComparer.Ordinal);
                for (var i = 0; i < Devices; i++)
                {
                    var id = (await ClusterEndToEndTests.ReadJsonAsync(await admin.PostAsJsonAsync("/v1/devices", new { name = $"embedded member {i}" }), HttpStatusCode.Created)).GetProperty("id").GetString()!;
                    var token = (await ClusterEndToEndTests.ReadJsonAsync(await admin.PostAsJsonAsync($"/v1/devices/{id}/tokens", new { }), HttpStatusCode.Created)).GetProperty("token").GetString()!;
                    using var post = new HttpRequestMessage(HttpMethod.Post, "/v1.1/message")
                    {
                        Content = new StringContent($$$"""{"sdid":"{{{id}}}","data":{"n":{{{i}}}}}""", Encoding.UTF8, "application/json"),
                    };
                    post.Headers.TryAddWithoutValidation("Authorization", $"bearer {token}");
                    var mid = (await ClusterEndToEndTests.ReadJsonAsync(await devices.SendAsync(post), HttpStatusCode.OK)).GetProperty("data").GetProperty("mid").GetString()!;
                    var stored = await ClusterEndToEndTests.ReadAllMidsAsync(admin, id);
                    Assert.True(stored.SetEquals([mid]), $"Device {id} lists [{string.Join(", ", stored)}], not the message {mid} posted for it.");
                    owners[id] = ClusterPlacement.Owner(client, id);
                }

                var onGateway = owners.Where(o => o.Value.Port == gatewayPort).Select(o => o.Key).ToList();
                var onSilo = owners.Where(o => o.Value.Port == siloPort).Select(o => o.Key).ToList();
                var elsewhere = owners.Where(o => o.Value.Port != gatewayPort && o.Value.Port != siloPort).Select(o => $"{o.Key} on {o.Value}").ToList();
                var placement = $"{onGateway.Count} device grains on the gateway (transport port {gatewayPort}), {onSilo.Count} on the silo ({siloPort}), {elsewhere.Count} elsewhere";
                output.WriteLine(placement);
                Assert.True(elsewhere.Count == 0, $"Device grains placed on neither process: {string.Join(", ", elsewhere)}.");
                Assert.True(onGateway.Count > 0, $"The cluster placed none of {Devices} device grains on the Embedded gateway's silo: it is not a member that owns grains. {placement}.\n{logs()}");
                Assert.True(onSilo.Count > 0, $"The cluster placed none of {Devices} device grains on the Silo process. {placement}.\n{logs()}");

                // The gateway really forwarded to the other process (and ran grains itself).
                var gatewayMetrics = await MetricsAsync(gateway.BaseAddress);
                var remote = gatewayMetrics.Value("gatehouse_grain_calls_total", ("location", "remote"), ("outcome", "ok"));
                var local = gatewayMetrics.Value("gatehouse_grain_calls_total", ("location", "local"), ("outcome", "ok"));
                output.WriteLine($"Gateway grain calls: {local} local, {remote} remote.");
                Assert.True(remote > 0, $"The gateway counted no successful remote grain call, yet {onSilo.Count} devices' grains are on the silo.");
                Assert.True(local > 0, $"The gateway counted no successful local grain call, yet {onGateway.Count} devices' grains are on its silo.");
            }
            finally
            {
                await client.StopAsync();
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string> shared, int transportPort) =>
        new(shared) { ["Gatehouse__Silo__Transport__ListenPort"] = transportPort.ToString() };

    /// <summary>Polls the process's <c>gatehouse_cluster_active_silos</c> until it is <paramref name="expected"/>; returns the last value.</summary>
    private static async Task<double?> ActiveSilosAsync(Uri baseAddress, int expected)
    {
        double? last = null;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Wait)
        {
            last = (await MetricsAsync(baseAddress)).Value("gatehouse_cluster_active_silos");
            if (last == expected)
            {
                break;
            }
            await Task.Delay(200);
        }
        return last;
    }

    private static async Task<PrometheusText> MetricsAsync(Uri baseAddress)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        using var response = await http.GetAsync("/metrics");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{baseAddress}metrics answered {(int)response.StatusCode}: {body}");
        return PrometheusText.Parse(body);
    }

    private static string Tail(string text, int lines = 30) =>
        string.Join('\n', text.Split('\n').TakeLast(lines));
}
