using System.Net;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Identity.Tests.Revocation;

/// <summary>Revoking an API key (DELETE /v1/keys/{id}) fails its next request however it is presented.</summary>
public sealed class KeyRevocationTests
{
    [Theory]
    [InlineData("bearer")]
    [InlineData("basic")]
    [InlineData("query")]
    public async Task DeleteKey_FailsTheNextRequest(string presentation)
    {
        await using var host = await GatewayHost.StartAsync();
        using var api = new IdentityApi(host);
        var alice = Present.Bearer((await api.CreateUserAndLoginAsync("alice", "alice-password-0123")).AccessToken);
        var revoked = await api.CreateKeyAsync(alice, "revoked");
        var kept = await api.CreateKeyAsync(alice, "kept");
        await api.MeAsync(Presenting(presentation, revoked));

        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"/v1/keys/{revoked.Id}", alice);

        await TokenRevocationTests.AssertRevokedAsync(api, Presenting(presentation, revoked));
        await api.MeAsync(Presenting(presentation, kept));
    }

    [Fact]
    public async Task DeleteKey_ByAnAdministrator_RevokesADeviceKey()
    {
        await using var host = await GatewayHost.StartAsync();
        using var api = new IdentityApi(host);
        var alice = Present.Bearer((await api.CreateUserAndLoginAsync("alice", "alice-password-0123")).AccessToken);
        var deviceId = await api.CreateDeviceAsync(alice, "thing");
        var key = await api.CreateDeviceKeyAsync(alice, deviceId, "device key");
        Assert.Equal(deviceId, (await api.MeAsync(Present.Bearer(key.Key))).GetProperty("id").GetString());

        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"/v1/keys/{key.Id}", await api.AdminAsync());

        await TokenRevocationTests.AssertRevokedAsync(api, Present.Bearer(key.Key));
    }

    /// <summary>The user who created a device key for their device must be able to revoke it (EVRYTHNG device keys).</summary>
    [Fact]
    public async Task DeleteKey_ByTheDevicesOwner_RevokesADeviceKey()
    {
        await using var host = await GatewayHost.StartAsync();
        using var api = new IdentityApi(host);
        var alice = Present.Bearer((await api.CreateUserAndLoginAsync("alice", "alice-password-0123")).AccessToken);
        var deviceId = await api.CreateDeviceAsync(alice, "thing");
        var key = await api.CreateDeviceKeyAsync(alice, deviceId, "device key");
        await api.MeAsync(Present.Bearer(key.Key));

        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"/v1/keys/{key.Id}", alice,
            because: "the device's owner created this key and must be able to revoke it; ApiKeyGrain only lets the key's owner (the device), an account administrator or a system administrator");

        await TokenRevocationTests.AssertRevokedAsync(api, Present.Bearer(key.Key));
    }

    [Fact]
    public async Task DeleteKey_OfSomeoneElse_IsRefused_AndTheKeyKeepsWorking()
    {
        await using var host = await GatewayHost.StartAsync();
        using var api = new IdentityApi(host);
        var alice = Present.Bearer((await api.CreateUserAndLoginAsync("alice", "alice-password-0123")).AccessToken);
        var bob = Present.Bearer((await api.CreateUserAndLoginAsync("bob", "bob-password-01234")).AccessToken);
        var key = await api.CreateKeyAsync(alice, "alice's");

        await api.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Delete, $"/v1/keys/{key.Id}", bob);

        await api.MeAsync(Present.Bearer(key.Key));
    }

    private static Action<HttpRequestMessage> Presenting(string presentation, IssuedKey key) => presentation switch
    {
        "bearer" => Present.Bearer(key.Key),
        "basic" => Present.Basic(key.Id, key.Secret),
        "query" => Present.AccessTokenQuery(key.Key),
        _ => throw new ArgumentOutOfRangeException(nameof(presentation)),
    };
}
