using System.Net;
using Gatehouse.Gateway.Http.Authentication;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Messages;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;
using Gatehouse.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Devices.Tests.Realtime;

/// <summary>A gateway with an owner, their device and a device token: what every real-time test starts from.</summary>
internal sealed class RealtimeScene : IAsyncDisposable
{
    public const string Password = "a-password-for-realtime-tests";

    private RealtimeScene(GatewayHost host, IdentityApi api, LoginSession owner, string deviceId, IssuedSecret deviceToken)
    {
        Host = host;
        Api = api;
        Owner = owner;
        DeviceId = deviceId;
        DeviceToken = deviceToken;
    }

    public GatewayHost Host { get; }

    public IdentityApi Api { get; }

    public LoginSession Owner { get; }

    public string DeviceId { get; }

    public IssuedSecret DeviceToken { get; }

    public static async Task<RealtimeScene> StartAsync(IDictionary<string, string?>? settings = null, long? tokenLifetimeSeconds = null)
    {
        var host = await GatewayHost.StartAsync(sqlite: false, settings);
        var api = new IdentityApi(host);
        var owner = await api.CreateUserAndLoginAsync("owner", Password);
        var deviceId = await api.CreateDeviceAsync(Present.Bearer(owner.AccessToken), "thermometer");
        var token = await api.IssueDeviceTokenAsync(Present.Bearer(owner.AccessToken), deviceId, tokenLifetimeSeconds);
        return new RealtimeScene(host, api, owner, deviceId, token);
    }

    /// <summary>The caller a bearer token resolves to, as the gateway would resolve it.</summary>
    public async Task<Caller> CallerAsync(string bearer)
    {
        var result = await Host.Services.GetRequiredService<CallerResolver>()
            .ResolveAsync(PresentedCredential.Bearer(bearer, CredentialSource.AuthorizationHeader), "tests", null);
        return result.Caller ?? throw new InvalidOperationException($"The token does not authenticate: {result.Failure}");
    }

    public IDeviceGrain Device(string? deviceId = null) => Host.Services.GetRequiredService<IGrainFactory>().GetGrain<IDeviceGrain>(deviceId ?? DeviceId);

    /// <summary>Publishes as the device itself, through the grain.</summary>
    public async Task<PublishedMessage> PublishAsync(string payloadJson) =>
        await Device().PublishAsync(await CallerAsync(DeviceToken.Secret), new NewMessage(payloadJson));

    public async Task<MessagePage> HistoryAsync() =>
        await Device().ReadMessagesAsync(await CallerAsync(Owner.AccessToken), new MessageRange { Limit = 100 });

    public async Task<TestSocket> RegisterAsync(string? token = null, string? deviceId = null)
    {
        var socket = await TestSocket.ConnectAsync(Host, "/v1.1/websocket");
        await socket.SendAsync(new Dictionary<string, object> { ["type"] = "register", ["sdid"] = deviceId ?? DeviceId, ["Authorization"] = $"bearer {token ?? DeviceToken.Secret}", ["cid"] = "reg-1" });
        var ack = await socket.ReceiveAsync();
        Assert.True(ack is { } frame && frame.TryGetProperty("data", out var data) && data.GetProperty("code").GetString() == "200", $"Register was not acknowledged: {ack}");
        return socket;
    }

    public Task RevokeTokenAsync(string tokenId) =>
        Api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"/v1/tokens/{tokenId}", Present.Bearer(Owner.AccessToken));

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Host.DisposeAsync();
    }
}
