using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// Issue 4's acceptance: "a message acknowledged with a 2xx survives a kill -9 of the process".
/// Devices post messages through ARTIK's <c>POST /v1.1/message</c> to the real gateway process
/// on SQLite; the process group is killed with SIGKILL while posts are still in flight; a new
/// gateway on the same data directory must hold every message that was acknowledged.
/// </summary>
public sealed class MessageDurabilityTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_acknowledged_message_survives_kill_minus_9()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("gatehouse-kill9-").FullName;
        try
        {
            var adminPassword = "kill9-" + Guid.NewGuid().ToString("N");
            var environment = new Dictionary<string, string>
            {
                ["Gatehouse__Bootstrap__AdminPassword"] = adminPassword,
                ["Gatehouse__Passwords__Iterations"] = "1000",
            };

            string deviceId;
            var acknowledged = new ConcurrentDictionary<string, int>();
            await using (var first = RunningGateway.Start(Launch.App, environment, dataDirectory: dataDirectory))
            {
                await WaitReadyAsync(first);
                using var admin = Client(first.BaseAddress, await LoginAsync(first.BaseAddress, adminPassword));
                deviceId = (await ReadJsonAsync(await admin.PostAsJsonAsync("/v1/devices", new { name = "kill -9 probe" }), HttpStatusCode.Created)).GetProperty("id").GetString()!;
                var token = (await ReadJsonAsync(await admin.PostAsJsonAsync($"/v1/devices/{deviceId}/tokens", new { }), HttpStatusCode.Created)).GetProperty("token").GetString()!;

                // Four concurrent senders keep posts in flight; the kill comes
                // once a good number has been acknowledged, so some are surely cut mid-request.
                using var stop = new CancellationTokenSource();
                var senders = Enumerable.Range(0, 4).Select(sender => Task.Run(() => SendUntilStoppedAsync(first.BaseAddress, token, deviceId, sender, acknowledged, stop.Token))).ToArray();
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
                while (acknowledged.Count < 300 && DateTime.UtcNow < deadline && senders.All(s => !s.IsCompleted))
                {
                    await Task.Delay(20);
                }
                await first.KillAsync();
                stop.Cancel();
                await Task.WhenAll(senders);
                Assert.True(acknowledged.Count >= 300, $"Only {acknowledged.Count} messages were acknowledged before the kill.\n{first.Output}");
            }

            await using var second = RunningGateway.Start(Launch.App, environment, dataDirectory: dataDirectory);
            await WaitReadyAsync(second);
            using var reader = Client(second.BaseAddress, await LoginAsync(second.BaseAddress, adminPassword));
            var stored = await ReadAllMidsAsync(reader, deviceId);

            var lost = acknowledged.Keys.Where(mid => !stored.Contains(mid)).ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged messages were lost by kill -9 (e.g. {string.Join(", ", lost.Take(5))}).");
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task SendUntilStoppedAsync(Uri baseAddress, string token, string deviceId, int sender, ConcurrentDictionary<string, int> acknowledged, CancellationToken stop)
    {
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1.1/message")
            {
                Content = new StringContent($$$"""{"sdid":"{{{deviceId}}}","data":{"sender":{{{sender}}},"n":{{{i}}}}}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Authorization", $"bearer {token}");
            try
            {
                using var response = await client.SendAsync(request, stop);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return;
                }
                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(stop)).RootElement;
                acknowledged[body.GetProperty("data").GetProperty("mid").GetString()!] = i;
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException)
            {
                // The process is gone; what was not answered was never acknowledged.
                return;
            }
        }
    }

    private static async Task<HashSet<string>> ReadAllMidsAsync(HttpClient client, string deviceId)
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

    private static async Task WaitReadyAsync(RunningGateway gateway)
    {
        var ready = await gateway.WaitForStatusAsync("/readyz", HttpStatusCode.OK, StartTimeout);
        Assert.True(ready.Status == HttpStatusCode.OK, $"/readyz did not answer 200 within {StartTimeout.TotalSeconds} s (last: {ready}).\n{gateway.Output}");
    }

    private static async Task<string> LoginAsync(Uri baseAddress, string password)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        var login = await ReadJsonAsync(await client.PostAsJsonAsync("/v1/auth/login", new { username = "admin", password }), HttpStatusCode.OK);
        return login.GetProperty("accessToken").GetString()!;
    }

    private static HttpClient Client(Uri baseAddress, string bearer)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, not {(int)expected}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
