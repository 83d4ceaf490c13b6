using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Devices.Tests.Realtime;

/// <summary>GET /v1/devices/{id}/feed over server-sent events and WebSocket, against the real gateway.</summary>
public sealed class DeviceFeedTests
{
    private static string FeedPath(RealtimeScene scene) => $"/v1/devices/{scene.DeviceId}/feed";

    [Fact]
    public async Task ServerSentEvents_DeliverMessagesPublishedOnTheDeviceChannel()
    {
        await using var scene = await RealtimeScene.StartAsync();
        await using var feed = await TestEventStream.OpenAsync(scene.Host, FeedPath(scene), scene.Owner.AccessToken);
        Assert.Equal(HttpStatusCode.OK, feed.Response.StatusCode);
        Assert.Equal("text/event-stream", feed.Response.Content.Headers.ContentType?.MediaType);
        await using var device = await scene.RegisterAsync();

        await device.SendAsync(new Dictionary<string, object> { ["sdid"] = scene.DeviceId, ["data"] = new { temperature = 21.5 }, ["ts"] = 1_700_000_000_000 });
        var mid = (await device.ReceiveAsync())!.Value.GetProperty("data").GetProperty("mid").GetString();
        var received = (await feed.ReadAsync())!;

        Assert.Equal("message", received.Event);
        Assert.Equal(mid, received.Id);
        var json = received.Json;
        Assert.Equal(mid, json.GetProperty("mid").GetString());
        Assert.Equal(scene.DeviceId, json.GetProperty("sdid").GetString());
        Assert.Equal(scene.DeviceId, json.GetProperty("deviceId").GetString());
        Assert.Equal(1_700_000_000_000, json.GetProperty("ts").GetInt64());
        Assert.Equal(21.5, json.GetProperty("data").GetProperty("temperature").GetDouble());
    }

    [Fact]
    public async Task APayloadSpanningLines_ArrivesUnchanged_AsSeveralDataLines()
    {
        await using var scene = await RealtimeScene.StartAsync();
        await using var feed = await TestEventStream.OpenAsync(scene.Host, FeedPath(scene), scene.Owner.AccessToken);
        await using var device = await scene.RegisterAsync();

        // The device's data is kept exactly as sent, line breaks included.
        await device.SendTextAsync("{\"sdid\":\"" + scene.DeviceId + "\",\"data\":{\n  \"a\": 1,\r\n  \"b\": [2, 3]\n}}");
        Assert.True((await device.ReceiveAsync())!.Value.GetProperty("data").TryGetProperty("mid", out _));
        var received = (await feed.ReadAsync())!;

        var data = received.Json.GetProperty("data");
        Assert.Equal(1, data.GetProperty("a").GetInt32());
        Assert.Equal(3, data.GetProperty("b")[1].GetInt32());
    }

    [Fact]
    public async Task WebSocket_DeliversMessagesPublishedThroughTheGrain()
    {
        await using var scene = await RealtimeScene.StartAsync();
        await using var feed = await TestSocket.ConnectAsync(scene.Host, FeedPath(scene), scene.Owner.AccessToken);

        var published = await scene.PublishAsync("""{"humidity":40}""");
        var frame = (await feed.ReceiveAsync())!.Value;

        Assert.Equal("message", frame.GetProperty("type").GetString());
        Assert.Equal(published.Mid, frame.GetProperty("mid").GetString());
        Assert.Equal(40, frame.GetProperty("data").GetProperty("humidity").GetInt32());
    }

    [Fact]
    public async Task RevokingTheKey_ClosesItsFeed()
    {
        await using var scene = await RealtimeScene.StartAsync();
        var key = await scene.Api.CreateKeyAsync(Present.Bearer(scene.Owner.AccessToken), "dashboard");
        await using var sse = await TestEventStream.OpenAsync(scene.Host, FeedPath(scene), key.Key);
        await using var socket = await TestSocket.ConnectAsync(scene.Host, FeedPath(scene), key.Key);
        // Both feeds are subscribed once a message reaches them.
        await scene.PublishAsync("""{"n":1}""");
        Assert.Equal("message", (await sse.ReadAsync())!.Event);
        Assert.NotNull(await socket.ReceiveAsync());

        await scene.Api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"/v1/keys/{key.Id}", Present.Bearer(scene.Owner.AccessToken));

        var end = (await sse.ReadAsync())!;
        Assert.Equal("end", end.Event);
        Assert.Contains("revoked", end.Json.GetProperty("reason").GetString());
        Assert.Null(await sse.ReadAsync());
        var (status, reason, _) = await socket.ReceiveCloseAsync();
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Contains("revoked", reason);
    }

    [Fact]
    public async Task WithdrawingAShare_EndsThatUsersFeed_AndNotTheOwners()
    {
        await using var scene = await RealtimeScene.StartAsync();
        var friend = await scene.Api.CreateUserAndLoginAsync("friend", RealtimeScene.Password);
        var owner = Present.Bearer(scene.Owner.AccessToken);
        await scene.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"/v1/devices/{scene.DeviceId}/shares/{friend.UserId}", owner, new { access = "read" });
        await using var friendsFeed = await TestEventStream.OpenAsync(scene.Host, FeedPath(scene), friend.AccessToken);
        await using var ownersFeed = await TestEventStream.OpenAsync(scene.Host, FeedPath(scene), scene.Owner.AccessToken);
        await scene.PublishAsync("""{"n":1}""");
        Assert.Equal("message", (await friendsFeed.ReadAsync())!.Event);
        Assert.Equal("message", (await ownersFeed.ReadAsync())!.Event);

        await scene.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Delete, $"/v1/devices/{scene.DeviceId}/shares/{friend.UserId}", owner);
        var end = (await friendsFeed.ReadAsync())!;
        var after = await scene.PublishAsync("""{"n":2}""");

        Assert.Equal("end", end.Event);
        Assert.Contains("may no longer read", end.Json.GetProperty("reason").GetString());
        Assert.Null(await friendsFeed.ReadAsync());
        Assert.Equal(after.Mid, (await ownersFeed.ReadAsync())!.Id);
    }

    [Fact]
    public async Task DisablingTheUser_EndsTheirKeysFeed_AtTheNextReauthentication()
    {
        await using var scene = await RealtimeScene.StartAsync();
        // A key, not a login token: disabling a user revokes their sessions (which closes feeds at
        // once), but not their keys, which stop authenticating; only re-authentication sees that.
        var key = await scene.Api.CreateKeyAsync(Present.Bearer(scene.Owner.AccessToken), "kiosk");
        await using var feed = await TestEventStream.OpenAsync(scene.Host, FeedPath(scene), key.Key);
        await scene.PublishAsync("""{"n":1}""");
        Assert.Equal("message", (await feed.ReadAsync())!.Event);

        await scene.Api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, $"/v1/users/{scene.Owner.UserId}/disable", await scene.Api.AdminAsync());
        scene.Host.Time.Advance(TimeSpan.FromSeconds(61));
        var end = (await feed.ReadAsync())!;

        Assert.Equal("end", end.Event);
        Assert.Contains("no longer valid", end.Json.GetProperty("reason").GetString());
    }

    /// <summary>
    /// A client that reads nothing: its bounded queue overflows, the feed is closed with a reason,
    /// and every publish completes meanwhile (none waits for the slow client).
    /// </summary>
    [Fact]
    public async Task ASlowConsumer_IsClosed_AndNeverBlocksPublishing()
    {
        await using var scene = await RealtimeScene.StartAsync(new Dictionary<string, string?> { ["Gatehouse:Realtime:SendQueueLength"] = "4" });
        await using var feed = await TestEventStream.OpenAsync(scene.Host, FeedPath(scene), scene.Owner.AccessToken, smallReceiveBuffer: true);
        await scene.PublishAsync("""{"n":0}""");
        Assert.Equal("message", (await feed.ReadAsync())!.Event);
        var payload = $$"""{"blob":"{{new string('x', 60_000)}}"}""";

        // About 12 MB: far more than the client's 64 KiB buffer, the server's send buffer (4 MiB at
        // most here) and Kestrel's response buffer take.
        var publishes = Task.WhenAll(Enumerable.Range(0, 200).Select(_ => scene.PublishAsync(payload)));
        var finished = await Task.WhenAny(publishes, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.Same(publishes, finished);
        await publishes;

        var received = 0;
        ServerSentEvent? last = null;
        while (await feed.ReadAsync() is { } next)
        {
            last = next;
            received += next.Event == "message" ? 1 : 0;
            Assert.True(received <= 200, "More messages than were published.");
        }
        Assert.Equal("end", last?.Event);
        Assert.Contains("Too slow", last!.Json.GetProperty("reason").GetString());
        Assert.True(received < 200, $"The slow client got all {received} messages; the queue never overflowed.");
    }

    /// <summary>
    /// The device forgets a subscription two minutes after its last renewal; the feed renews at a
    /// third of that on the injected clock, so it outlives the lifetime many times over.
    /// </summary>
    [Fact]
    public async Task AFeed_RenewsItsSubscription_AndOutlivesItsLifetime()
    {
        await using var scene = await RealtimeScene.StartAsync();
        await using var socket = await TestSocket.ConnectAsync(scene.Host, FeedPath(scene), scene.Owner.AccessToken);

        for (var step = 1; step <= 10; step++)
        {
            scene.Host.Time.Advance(TimeSpan.FromSeconds(30));
            var published = await scene.PublishAsync($$"""{"step":{{step}}}""");
            var frame = (await socket.ReceiveAsync())!.Value;
            Assert.Equal(published.Mid, frame.GetProperty("mid").GetString());
        }
    }

    [Fact]
    public async Task ATemporaryToken_CannotHoldAFeed()
    {
        await using var scene = await RealtimeScene.StartAsync();
        var temporary = await scene.Api.CreateTemporaryTokenAsync(Present.Bearer(scene.Owner.AccessToken), ["devices.feed"], uses: 5);
        using var client = scene.Host.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, FeedPath(scene));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        Present.AuthHeaders($"token/{temporary.Id}", temporary.Secret)(request);

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("cannot hold a live feed", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnEventStream_SendsKeepAliveComments_OnTheInjectedClock()
    {
        await using var scene = await RealtimeScene.StartAsync();
        await using var feed = await TestEventStream.OpenAsync(scene.Host, FeedPath(scene), scene.Owner.AccessToken);
        await scene.PublishAsync("""{"n":1}""");
        Assert.Equal("message", (await feed.ReadAsync())!.Event);

        scene.Host.Time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(": keep-alive", await feed.ReadLineAsync());
    }

    [Fact]
    public async Task APlainRequest_Gets406_AfterTheAccessCheck()
    {
        await using var scene = await RealtimeScene.StartAsync();
        var stranger = await scene.Api.CreateUserAndLoginAsync("stranger", RealtimeScene.Password);

        var owners = await scene.Api.SendAsync(HttpMethod.Get, FeedPath(scene), Present.Bearer(scene.Owner.AccessToken));
        var strangers = await scene.Api.SendAsync(HttpMethod.Get, FeedPath(scene), Present.Bearer(stranger.AccessToken));
        using var client = scene.Host.CreateClient(stranger.AccessToken);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var strangerStream = await client.GetAsync(FeedPath(scene), HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.NotAcceptable, owners.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, strangers.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, strangerStream.StatusCode);
    }
}
