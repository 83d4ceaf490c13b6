using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Xunit.Abstractions;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// Issue 5's acceptance "a gateway on node A streams live notifications from a grain that lives on
/// silo B", with real processes from <c>deploy/local-cluster.sh</c>: gateway 1 (Client mode, its own
/// process, hosting no grains) holds a device's live feed; the device grain lives on a Silo process,
/// as the cluster itself answers (placement over its membership view); the message is posted
/// through gateway 2. The grain on B calls gateway 1's observer back over the transport.
/// </summary>
public sealed class CrossNodeFeedTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AClientGatewayStreamsMessagesFromADeviceGrainOnAnotherProcess_PostedThroughAnotherGateway()
    {
        await using var cluster = await LocalCluster.UpAsync(new Dictionary<string, string>(ClusterEndToEndTests.TestSettings)
        {
            ["GATEHOUSE_CLUSTER_SILOS"] = "2",
        });
        var nodeA = cluster.Gateway(1);
        var poster = cluster.Gateway(2);
        var bearer = await ClusterEndToEndTests.LoginAsync(poster, cluster.AdminPassword);
        using var admin = ClusterEndToEndTests.Client(poster, bearer);
        var deviceId = (await ClusterEndToEndTests.ReadJsonAsync(await admin.PostAsJsonAsync("/v1/devices", new { name = "cross-node feed" }), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var token = (await ClusterEndToEndTests.ReadJsonAsync(await admin.PostAsJsonAsync($"/v1/devices/{deviceId}/tokens", new { }), HttpStatusCode.Created)).GetProperty("token").GetString()!;

        // Where the device grain lives, as the cluster places it.
        var owner = (await ClusterPlacement.OwnersAsync(cluster, [deviceId]))[deviceId];
        var siloB = ClusterPlacement.SiloNumber(cluster, owner);
        Assert.True(siloB != 0, $"The device grain's owner {owner} is none of the cluster's silos: {string.Join(", ", cluster.Settings)}");
        Assert.NotEqual(cluster.Settings["GATEWAY_1_TRANSPORT_PORT"], owner.Port.ToString());
        var pids = cluster.Pids();
        Assert.NotEqual(pids["gateway-1"], pids[$"silo-{siloB}"]);

        using var feedClient = new HttpClient { BaseAddress = nodeA, Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/devices/{deviceId}/feed");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var opened = new CancellationTokenSource(Wait);
        using var feed = await feedClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, opened.Token);
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        using var done = new CancellationTokenSource(Wait);
        var events = Channel.CreateUnbounded<(string? Event, string Data)>();
        var reader = ReadEventsAsync(await feed.Content.ReadAsStreamAsync(done.Token), events.Writer, done.Token);

        // The feed subscribes to the grain as it opens; post until a message arrives on it (a post
        // before the subscription is stored, but not streamed).
        using var device = new HttpClient { BaseAddress = poster, Timeout = TimeSpan.FromSeconds(10) };
        var posted = new HashSet<string>(StringComparer.Ordinal);
        string? streamed = null;
        var clock = Stopwatch.StartNew();
        for (var n = 0; streamed is null && clock.Elapsed < Wait; n++)
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, "/v1.1/message")
            {
                Content = new StringContent($$$"""{"sdid":"{{{deviceId}}}","data":{"n":{{{n}}}}}""", Encoding.UTF8, "application/json"),
            };
            post.Headers.TryAddWithoutValidation("Authorization", $"bearer {token}");
            var ack = await ClusterEndToEndTests.ReadJsonAsync(await device.SendAsync(post), HttpStatusCode.OK);
            posted.Add(ack.GetProperty("data").GetProperty("mid").GetString()!);

            using var pause = CancellationTokenSource.CreateLinkedTokenSource(done.Token);
            pause.CancelAfter(TimeSpan.FromMilliseconds(500));
            try
            {
                while (streamed is null)
                {
                    var (name, data) = await events.Reader.ReadAsync(pause.Token);
                    if (name == "message" && JsonDocument.Parse(data).RootElement.GetProperty("mid").GetString() is { } mid && posted.Contains(mid))
                    {
                        streamed = mid;
                    }
                }
            }
            catch (OperationCanceledException) when (!done.IsCancellationRequested)
            {
                // Nothing yet: post again.
            }
            catch (ChannelClosedException)
            {
                break;
            }
        }
        done.Cancel();
        await reader;

        Assert.True(streamed is not null,
            $"Gateway 1 streamed none of the {posted.Count} messages posted through gateway 2 within {Wait.TotalSeconds} s (device grain on silo {siloB}).\n{cluster.Logs()}");
        output.WriteLine($"Device {deviceId}: grain on silo-{siloB} ({owner}); feed on gateway-1 (pid {pids["gateway-1"]}); message {streamed} posted through gateway-2 streamed {clock.Elapsed.TotalSeconds:0.00} s after the first post.");
    }

    private static async Task ReadEventsAsync(Stream stream, ChannelWriter<(string? Event, string Data)> events, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream);
        string? name = null;
        var data = new List<string>();
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Count > 0)
                    {
                        events.TryWrite((name, string.Join('\n', data)));
                    }
                    name = null;
                    data.Clear();
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Add(line["data: ".Length..]);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            // The test is over, or the stream ended.
        }
        finally
        {
            events.TryComplete();
        }
    }
}
