using System.Net;
using System.Net.WebSockets;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Devices.Tests.Realtime;

/// <summary>ARTIK's device channel at /v1.1/websocket, against the real gateway on loopback.</summary>
public sealed class ArtikChannelTests
{
    [Fact]
    public async Task Register_IsAcknowledged_WithArtiksShape()
    {
        await using var scene = await RealtimeScene.StartAsync();
        await using var socket = await TestSocket.ConnectAsync(scene.Host, "/v1.1/websocket?ack=true");

        // The seed's register frame: capitalized Authorization, lower-case scheme; a numeric cid as the node tutorial sends.
        await socket.SendAsync(new Dictionary<string, object> { ["sdid"] = scene.DeviceId, ["Authorization"] = $"bearer {scene.DeviceToken.Secret}", ["type"] = "register", ["cid"] = 1499385659015 });
        var ack = (await socket.ReceiveAsync())!.Value;

        var data = ack.GetProperty("data");
        Assert.Equal("200", data.GetProperty("code").GetString());
        Assert.Equal("OK", data.GetProperty("message").GetString());
        Assert.Equal("1499385659015", data.GetProperty("cid").GetString());
    }

    [Fact]
    public async Task Message_IsAcknowledgedWithItsMid_OnceItIsInTheDevicesHistory()
    {
        await using var scene = await RealtimeScene.StartAsync();
        await using var socket = await scene.RegisterAsync();

        // The seed's message: data is a string.
        await socket.SendTextAsync($$"""{"type":"message", "sdid":"{{scene.DeviceId}}", "data":"data payload"}""");
        var first = (await socket.ReceiveAsync())!.Value;
        await socket.SendTextAsync($$$"""{"sdid":"{{{scene.DeviceId}}}","data":{"state":true},"cid":"c-2","ts":1700000000000}""");
        var second = (await socket.ReceiveAsync())!.Value;

        var firstMid = first.GetProperty("data").GetProperty("mid").GetString()!;
        var secondMid = second.GetProperty("data").GetProperty("mid").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", firstMid);
        Assert.Equal("c-2", second.GetProperty("data").GetProperty("cid").GetString());
        var history = await scene.HistoryAsync();
        var byMid = history.Messages.ToDictionary(m => m.Mid);
        Assert.Equal("\"data payload\"", byMid[firstMid].PayloadJson);
        Assert.Equal("{\"state\":true}", byMid[secondMid].PayloadJson);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000000), byMid[secondMid].DeviceTimestamp);
        Assert.Equal(scene.DeviceId, byMid[firstMid].Sender.Id);
    }

    [Fact]
    public async Task BadFrames_GetErrorFrames_AndRepeatedAbuse_ClosesWithPolicyViolation()
    {
        await using var scene = await RealtimeScene.StartAsync(new Dictionary<string, string?>
        {
            ["Gatehouse:Realtime:MaxFrameBytes"] = "1024",
            ["Gatehouse:Realtime:MaxBadFrames"] = "5",
        });
        await using var socket = await scene.RegisterAsync();

        await socket.SendTextAsync("this is not json");
        Assert.Equal(400, (await socket.ReceiveAsync())!.Value.GetProperty("error").GetProperty("code").GetInt32());
        await socket.SendTextAsync("""{"type":"subscribe","cid":"x1"}""");
        var unknown = (await socket.ReceiveAsync())!.Value.GetProperty("error");
        Assert.Equal(400, unknown.GetProperty("code").GetInt32());
        Assert.Contains("subscribe", unknown.GetProperty("message").GetString());
        Assert.Equal("x1", unknown.GetProperty("cid").GetString());
        await socket.SendBinaryAsync([1, 2, 3]);
        Assert.Equal(400, (await socket.ReceiveAsync())!.Value.GetProperty("error").GetProperty("code").GetInt32());
        await socket.SendTextAsync($$"""{"sdid":"{{scene.DeviceId}}","data":"{{new string('x', 2000)}}"}""");
        Assert.Equal(413, (await socket.ReceiveAsync())!.Value.GetProperty("error").GetProperty("code").GetInt32());
        // The channel still works between bad frames.
        await socket.SendAsync(new Dictionary<string, object> { ["sdid"] = scene.DeviceId, ["data"] = new { ok = 1 } });
        Assert.True((await socket.ReceiveAsync())!.Value.GetProperty("data").TryGetProperty("mid", out _));

        await socket.SendTextAsync("[1,2,3]");
        var (status, reason, frames) = await socket.ReceiveCloseAsync();

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Contains("refused frames", reason);
        Assert.Equal(400, frames[0].GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task UnauthorizedSdid_IsRefused_AtRegisterAndAtMessage()
    {
        await using var scene = await RealtimeScene.StartAsync();
        var otherDevice = await scene.Api.CreateDeviceAsync(Present.Bearer(scene.Owner.AccessToken), "another");
        await using var socket = await scene.RegisterAsync();

        // The device's own token does not register another device, even one of the same owner.
        await socket.SendAsync(new Dictionary<string, object> { ["type"] = "register", ["sdid"] = otherDevice, ["Authorization"] = $"bearer {scene.DeviceToken.Secret}", ["cid"] = "r2" });
        var refused = (await socket.ReceiveAsync())!.Value.GetProperty("error");
        Assert.Equal(403, refused.GetProperty("code").GetInt32());
        Assert.Equal("r2", refused.GetProperty("cid").GetString());
        await socket.SendAsync(new Dictionary<string, object> { ["type"] = "message", ["sdid"] = otherDevice, ["data"] = new { t = 1 } });
        Assert.Equal(403, (await socket.ReceiveAsync())!.Value.GetProperty("error").GetProperty("code").GetInt32());
        await socket.SendAsync(new Dictionary<string, object> { ["type"] = "register", ["sdid"] = scene.DeviceId, ["Authorization"] = "bearer not-a-token" });
        Assert.Equal(401, (await socket.ReceiveAsync())!.Value.GetProperty("error").GetProperty("code").GetInt32());

        Assert.Empty((await scene.Device(otherDevice).ReadMessagesAsync(await scene.CallerAsync(scene.Owner.AccessToken), new() { Limit = 10 })).Messages);
    }

    [Fact]
    public async Task OneChannel_CarriesSeveralDevices_ForTheirOwnersToken()
    {
        await using var scene = await RealtimeScene.StartAsync();
        var second = await scene.Api.CreateDeviceAsync(Present.Bearer(scene.Owner.AccessToken), "second");
        await using var socket = await scene.RegisterAsync();
        await socket.SendAsync(new Dictionary<string, object> { ["type"] = "register", ["sdid"] = second, ["Authorization"] = $"bearer {scene.Owner.AccessToken}" });
        Assert.Equal("200", (await socket.ReceiveAsync())!.Value.GetProperty("data").GetProperty("code").GetString());

        await socket.SendAsync(new Dictionary<string, object> { ["type"] = "message", ["sdid"] = second, ["data"] = new { t = 2 } });
        var mid = (await socket.ReceiveAsync())!.Value.GetProperty("data").GetProperty("mid").GetString();

        var history = await scene.Device(second).ReadMessagesAsync(await scene.CallerAsync(scene.Owner.AccessToken), new() { Limit = 10 });
        Assert.Equal(mid, Assert.Single(history.Messages).Mid);
    }

    /// <summary>Issue 4's acceptance criterion: the socket closes at the revocation, the client sends nothing.</summary>
    [Fact]
    public async Task RevokingTheDevicesToken_ClosesItsOpenWebSocket_WithoutTheClientSending()
    {
        await using var scene = await RealtimeScene.StartAsync();
        await using var socket = await scene.RegisterAsync();

        await scene.RevokeTokenAsync(scene.DeviceToken.Id);
        var (status, reason, frames) = await socket.ReceiveCloseAsync();

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Contains("revoked", reason);
        Assert.Equal(401, Assert.Single(frames).GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task DeletingTheDevice_ClosesItsChannel()
    {
        await using var scene = await RealtimeScene.StartAsync();
        await using var socket = await scene.RegisterAsync();

        await scene.Api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"/v1/devices/{scene.DeviceId}", Present.Bearer(scene.Owner.AccessToken));
        var (status, reason, _) = await socket.ReceiveCloseAsync();

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Contains("deleted", reason);
    }

    [Fact]
    public async Task TheChannelCloses_AtItsTokensExpiry_OnTheInjectedClock()
    {
        await using var scene = await RealtimeScene.StartAsync(tokenLifetimeSeconds: 50);
        await using var socket = await scene.RegisterAsync();

        scene.Host.Time.Advance(TimeSpan.FromSeconds(51));
        var (status, reason, _) = await socket.ReceiveCloseAsync();

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Contains("expired", reason);
    }

    [Fact]
    public async Task AChannelWithNoDeviceRegistered_IsClosedAfterTheRegisterTimeout()
    {
        await using var scene = await RealtimeScene.StartAsync();
        await using var socket = await TestSocket.ConnectAsync(scene.Host, "/v1.1/websocket");
        // The server's writer and timers start once the socket is accepted; a frame round-trip proves it.
        await socket.SendTextAsync("{}");
        Assert.True((await socket.ReceiveAsync())!.Value.TryGetProperty("error", out _));

        scene.Host.Time.Advance(TimeSpan.FromSeconds(31));
        var (status, reason, _) = await socket.ReceiveCloseAsync();

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Contains("No device registered", reason);
    }

    [Fact]
    public async Task MessagesOnTheChannel_SpendTheDevicesRateLimit()
    {
        await using var scene = await RealtimeScene.StartAsync(new Dictionary<string, string?> { ["Gatehouse:RateLimits:PerMinute"] = "2" });
        await using var socket = await scene.RegisterAsync();

        var answers = new List<System.Text.Json.JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            await socket.SendAsync(new Dictionary<string, object> { ["sdid"] = scene.DeviceId, ["data"] = new { i }, ["cid"] = $"m{i}" });
            answers.Add((await socket.ReceiveAsync())!.Value);
        }

        Assert.True(answers[1].GetProperty("data").TryGetProperty("mid", out _));
        var limited = answers[2].GetProperty("error");
        Assert.Equal(429, limited.GetProperty("code").GetInt32());
        Assert.Equal("m2", limited.GetProperty("cid").GetString());
        Assert.Equal(2, (await scene.HistoryAsync()).Messages.Length);
    }

    [Fact]
    public async Task WithdrawingAWriteShare_EndsTheCollaboratorsRegistration()
    {
        await using var scene = await RealtimeScene.StartAsync();
        var friend = await scene.Api.CreateUserAndLoginAsync("friend", RealtimeScene.Password);
        var owner = Present.Bearer(scene.Owner.AccessToken);
        await scene.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"/v1/devices/{scene.DeviceId}/shares/{friend.UserId}", owner, new { access = "write" });
        await using var socket = await scene.RegisterAsync(token: friend.AccessToken);

        await scene.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Delete, $"/v1/devices/{scene.DeviceId}/shares/{friend.UserId}", owner);
        var (status, reason, _) = await socket.ReceiveCloseAsync();

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Contains("no longer send", reason);
    }

    [Fact]
    public async Task AFailedRegisterCredential_IsAudited_WithoutTheSecret()
    {
        await using var scene = await RealtimeScene.StartAsync();
        await using var socket = await TestSocket.ConnectAsync(scene.Host, "/v1.1/websocket");
        const string bogus = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        await socket.SendAsync(new Dictionary<string, object> { ["type"] = "register", ["sdid"] = scene.DeviceId, ["Authorization"] = $"bearer {bogus}" });
        Assert.Equal(401, (await socket.ReceiveAsync())!.Value.GetProperty("error").GetProperty("code").GetInt32());

        var page = await scene.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/v1/audit?action=auth.credential", await scene.Api.AdminAsync());

        var failed = Assert.Single(page.GetProperty("events").EnumerateArray(), e => e.GetProperty("subjectId").GetString() == Gatehouse.Grains.Identity.Secrets.SecretDigest.LookupKey(bogus));
        Assert.Equal("auth.credential.failed", failed.GetProperty("action").GetString());
        Assert.DoesNotContain(bogus, page.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APlainRequest_ToTheChannel_GetsArtiksErrorShape()
    {
        await using var scene = await RealtimeScene.StartAsync();
        using var client = scene.Host.CreateClient();

        var response = await client.GetAsync("/v1.1/websocket");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"error\":{\"code\":400", body, StringComparison.Ordinal);
    }
}
