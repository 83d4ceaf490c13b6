using Gatehouse.Devices.Tests.Realtime;

namespace Gatehouse.Devices.Tests.SecureRegistration;

/// <summary>
/// Seed 002, "Securely send and receive via WebSocket": a secure device opens the device channel
/// on the secure endpoint with its certificate (at the upgrade only); its register and message
/// frames carry just the token. Opened without the certificate, or over plain ws, the register is refused with 403.
/// </summary>
public sealed class SecureChannelTests : IAsyncLifetime
{
    private SecureWorld _world = null!;

    public async Task InitializeAsync() => _world = await SecureWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_secure_device_uses_the_channel_only_when_it_was_opened_with_its_certificate()
    {
        var certificate = _world.NewDevice("channel band");
        var (did, token) = await _world.RegisterAsync(certificate, "vdid-channel");
        var register = new Dictionary<string, object> { ["sdid"] = did, ["Authorization"] = $"bearer {token}", ["type"] = "register", ["cid"] = "r1" };

        await using (var secure = await TestSocket.ConnectSecureAsync(_world.Host.SecureAddress!, "/v1.1/websocket", _world.Host.ServerCertificate!, certificate))
        {
            await secure.SendAsync(register);
            var ack = (await secure.ReceiveAsync())!.Value;
            Assert.False(ack.TryGetProperty("error", out _), ack.GetRawText());
            await secure.SendAsync(new Dictionary<string, object> { ["type"] = "message", ["sdid"] = did, ["data"] = new { stepCount = 100 }, ["cid"] = "m1" });
            var message = (await secure.ReceiveAsync())!.Value;
            Assert.Matches("^[0-9a-f]{32}$", message.GetProperty("data").GetProperty("mid").GetString());
        }

        await using (var withoutCertificate = await TestSocket.ConnectSecureAsync(_world.Host.SecureAddress!, "/v1.1/websocket", _world.Host.ServerCertificate!, null))
        {
            await withoutCertificate.SendAsync(register);
            Assert.Equal(403, (await withoutCertificate.ReceiveAsync())!.Value.GetProperty("error").GetProperty("code").GetInt32());
        }
        await using (var otherCertificate = await TestSocket.ConnectSecureAsync(_world.Host.SecureAddress!, "/v1.1/websocket", _world.Host.ServerCertificate!, _world.NewDevice("other")))
        {
            await otherCertificate.SendAsync(register);
            Assert.Equal(403, (await otherCertificate.ReceiveAsync())!.Value.GetProperty("error").GetProperty("code").GetInt32());
        }
        await using (var plain = await TestSocket.ConnectAsync(_world.Host, "/v1.1/websocket"))
        {
            await plain.SendAsync(register);
            Assert.Equal(403, (await plain.ReceiveAsync())!.Value.GetProperty("error").GetProperty("code").GetInt32());
        }
    }
}
