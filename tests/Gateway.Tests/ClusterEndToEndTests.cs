using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// Issue 5's end-to-end acceptance: <c>deploy/local-cluster.sh up</c> (PostgreSQL, 3 silos, 2
/// gateways in Client mode, haproxy), a bounded workload through haproxy, <c>kill -9</c> of one
/// silo in the middle of it. Every acknowledged write must be there afterwards, the service must
/// answer again within 15 s, and <c>down</c> must leave no process and no port behind.
/// </summary>
public sealed class ClusterEndToEndTests(ITestOutputHelper output)
{
    private const int Devices = 24;
    private const int Writers = 8;
    private const int AcknowledgedBeforeKill = 300;
    private const int KilledSilo = 2;
    private static readonly TimeSpan RecoveryTarget = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RecoveryGiveUp = TimeSpan.FromSeconds(30);

    /// <summary>Settings for every process of the cluster: a cheap KDF (one login here) and budgets above what the workload sends.</summary>
    internal static readonly IReadOnlyDictionary<string, string> TestSettings = new Dictionary<string, string>
    {
        ["Gatehouse__Passwords__Iterations"] = "1000",
        ["Gatehouse__RateLimits__PerMinute"] = "1000000",
        ["Gatehouse__RateLimits__PerDay"] = "100000000",
    };

    [Fact]
    public async Task KillMinus9OfASilo_LosesNoAcknowledgedWrite_ServiceAnswersWithin15s_AndDownStopsEverything()
    {
        await using var cluster = await LocalCluster.UpAsync(TestSettings);
        var clock = Stopwatch.StartNew();
        using var admin = Client(cluster.LoadBalancer, await LoginAsync(cluster.LoadBalancer, cluster.AdminPassword));

        var devices = new List<(string Id, string Token)>();
        for (var i = 0; i < Devices; i++)
        {
            var id = (await ReadJsonAsync(await admin.PostAsJsonAsync("/v1/devices", new { name = $"e2e device {i}" }), HttpStatusCode.Created)).GetProperty("id").GetString()!;
            var token = (await ReadJsonAsync(await admin.PostAsJsonAsync($"/v1/devices/{id}/tokens", new { }), HttpStatusCode.Created)).GetProperty("token").GetString()!;
            devices.Add((id, token));
        }

        var workload = new ClusterWorkload(clock);
        using var stop = new CancellationTokenSource();
        var tasks = Enumerable.Range(0, Writers)
            .Select(w => Task.Run(() => PostMessagesAsync(cluster.LoadBalancer, devices.Where((_, i) => i % Writers == w).ToList(), workload, stop.Token)))
            .Append(Task.Run(() => CreateDevicesAsync(admin, workload, stop.Token)))
            .ToArray();

        var warmUp = Stopwatch.StartNew();
        while (workload.AcknowledgedCount < AcknowledgedBeforeKill && warmUp.Elapsed < TimeSpan.FromSeconds(30) && tasks.All(t => !t.IsCompleted))
        {
            await Task.Delay(20);
        }
        Assert.True(workload.AcknowledgedCount >= AcknowledgedBeforeKill,
            $"Only {workload.AcknowledgedCount} writes were acknowledged in 30 s before the kill ({workload.FailureCount} failed).\n{cluster.Logs()}");

        // Which devices' grains the killed silo holds, as the cluster places them: the failover
        // is tested only if some are there.
        var owners = await ClusterPlacement.OwnersAsync(cluster, devices.Select(d => d.Id));
        var onKilledSilo = devices.Select(d => d.Id).Where(id => ClusterPlacement.SiloNumber(cluster, owners[id]) == KilledSilo).ToList();
        Assert.True(onKilledSilo.Count > 0, $"None of the {Devices} device grains is on silo {KilledSilo}; nothing would fail over.");

        // Two moments: the kill starts (the recovery time is measured from here, so it is if
        // anything too long), and the process is gone (only answers after this count as the
        // service answering again: before it, the silo may still have answered itself).
        var killStarted = clock.Elapsed;
        await cluster.KillSiloAsync(KilledSilo);
        var killDone = clock.Elapsed;
        var acknowledgedAtKill = workload.AcknowledgedCount;

        var waiting = Stopwatch.StartNew();
        while (!workload.AllAnsweredSince(killDone, devices.Select(d => d.Id)) && waiting.Elapsed < RecoveryGiveUp)
        {
            await Task.Delay(20);
        }
        // A little more load on the recovered cluster, then stop.
        await Task.Delay(TimeSpan.FromSeconds(1));
        stop.Cancel();
        await Task.WhenAll(tasks);

        var firstAnswer = workload.FirstSuccessSince(killDone) - killStarted;
        var movedDevices = workload.LastFirstSuccessSince(killDone, onKilledSilo) - killStarted;
        var everyDevice = workload.LastFirstSuccessSince(killDone, devices.Select(d => d.Id)) - killStarted;
        var report =
            $"kill -9 of silo {KilledSilo} (took {Seconds(killDone - killStarted)}): first 2xx through haproxy {Seconds(firstAnswer)} after it; " +
            $"the {onKilledSilo.Count} devices whose grains were on it acknowledged messages again {Seconds(movedDevices)} after it, " +
            $"all {Devices} devices {Seconds(everyDevice)} after it. " +
            $"{workload.AcknowledgedCount} writes acknowledged ({acknowledgedAtKill} before the kill finished), {workload.FailureCount} requests failed " +
            $"({workload.FailuresSince(killStarted)} after the kill started).";
        output.WriteLine(report);
        Assert.True(everyDevice is { } recovered && recovered <= RecoveryTarget,
            $"The service did not answer for every device within {RecoveryTarget.TotalSeconds} s of the kill. {report}\n{await cluster.StatusAsync()}\n{cluster.Logs()}");

        // Read back through haproxy: every acknowledged message and every created device.
        var lost = new List<string>();
        foreach (var (deviceId, mids) in workload.Messages)
        {
            var stored = await ReadAllMidsAsync(admin, deviceId);
            lost.AddRange(mids.Keys.Where(mid => !stored.Contains(mid)).Select(mid => $"{deviceId}/{mid}"));
        }
        foreach (var deviceId in workload.CreatedDevices.Keys)
        {
            using var response = await admin.GetAsync($"/v1/devices/{deviceId}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                lost.Add($"device {deviceId} ({(int)response.StatusCode})");
            }
        }
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged writes are missing after the kill (e.g. {string.Join(", ", lost.Take(5))}). {report}");
        Assert.True(workload.CreatedDevices.Count > 0, "No device creation was acknowledged during the run.");

        // The operators' figures are not public.
        using (var metrics = await new HttpClient { BaseAddress = cluster.LoadBalancer }.GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, metrics.StatusCode);
        }

        var pids = cluster.Pids();
        var ports = cluster.Ports;
        Assert.Equal(1 + cluster.SiloCount + cluster.GatewayCount + 1, pids.Count);
        var (downExit, downOutput) = await cluster.DownAsync();
        Assert.True(downExit == 0, $"down exited with {downExit}:\n{downOutput}");
        var alive = pids.Where(p => LocalCluster.IsAlive(p.Value)).Select(p => $"{p.Key} (pid {p.Value})").ToList();
        Assert.True(alive.Count == 0, $"Still running after down: {string.Join(", ", alive)}");
        var held = ports.Where(port => !LocalCluster.IsPortFree(port)).ToList();
        Assert.True(held.Count == 0, $"Ports still in use after down: {string.Join(", ", held)}");
        Assert.False(Directory.Exists(cluster.StateDirectory), $"down left {cluster.StateDirectory} behind.");
    }

    private static async Task PostMessagesAsync(Uri loadBalancer, List<(string Id, string Token)> devices, ClusterWorkload workload, CancellationToken stop)
    {
        using var client = new HttpClient { BaseAddress = loadBalancer, Timeout = TimeSpan.FromSeconds(10) };
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var (deviceId, token) = devices[n % devices.Count];
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1.1/message")
            {
                Content = new StringContent($$$"""{"sdid":"{{{deviceId}}}","data":{"n":{{{n}}}}}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Authorization", $"bearer {token}");
            try
            {
                using var response = await client.SendAsync(request, stop);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(stop)).RootElement;
                    workload.Acknowledged(deviceId, body.GetProperty("data").GetProperty("mid").GetString()!);
                    continue;
                }
                workload.Failed();
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException || (exception is TaskCanceledException && !stop.IsCancellationRequested))
            {
                // Not answered: never acknowledged, so nothing to check later.
                workload.Failed();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            await Task.Delay(50, CancellationToken.None);
        }
    }

    private static async Task CreateDevicesAsync(HttpClient admin, ClusterWorkload workload, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            try
            {
                using var response = await admin.PostAsJsonAsync("/v1/devices", new { name = $"created during the run {n}" }, stop);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(stop)).RootElement;
                    workload.Created(body.GetProperty("id").GetString()!);
                }
                else
                {
                    workload.Failed();
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException || (exception is TaskCanceledException && !stop.IsCancellationRequested))
            {
                workload.Failed();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            await Task.Delay(200, CancellationToken.None);
        }
    }

    internal static async Task<HashSet<string>> ReadAllMidsAsync(HttpClient client, string deviceId)
    {
        var mids = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var path = $"/v1/devices/{deviceId}/messages?limit=1000" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await ReadJsonAsync(await client.GetAsync(path), HttpStatusCode.OK);
            foreach (var message in page.GetProperty("messages").EnumerateArray())
            {
                mids.Add(message.GetProperty("mid").GetString()!);
            }
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        return mids;
    }

    internal static async Task<string> LoginAsync(Uri baseAddress, string password)
    {
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var login = await ReadJsonAsync(await client.PostAsJsonAsync("/v1/auth/login", new { username = "admin", password }), HttpStatusCode.OK);
        return login.GetProperty("accessToken").GetString()!;
    }

    internal static HttpClient Client(Uri baseAddress, string bearer)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    internal static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, not {(int)expected}: {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    private static string Seconds(TimeSpan? span) => span is { } value ? $"{value.TotalSeconds:0.00} s" : "never";
}
