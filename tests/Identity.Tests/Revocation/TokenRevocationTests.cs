using System.Net;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Identity.Tests.Revocation;

/// <summary>
/// Revoking a token makes the very next request with it fail (401), through real HTTP on SQLite
/// storage. Each test first shows the token working, so a 401 afterwards is the revocation's doing,
/// and checks that what was not revoked keeps working, so a revocation that hits too much fails too.
/// </summary>
public sealed class TokenRevocationTests
{
    [Fact]
    public async Task Logout_RevokesTheLoginToken_AndItsRefreshToken()
    {
        await using var host = await GatewayHost.StartAsync();
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", "alice-password-0123");
        await api.MeAsync(Present.Bearer(alice.AccessToken));

        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, "/v1/auth/logout", Present.Bearer(alice.AccessToken));

        await AssertRevokedAsync(api, Present.Bearer(alice.AccessToken));
        await AssertRevokedAsync(api, Present.AuthHeaders($"user/{alice.UserId}", alice.AccessToken));
        await api.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Post, "/v1/auth/refresh", null, new { refreshToken = alice.RefreshToken });
    }

    [Fact]
    public async Task DeleteToken_RevokesThatLoginToken_AndNoOtherSession()
    {
        await using var host = await GatewayHost.StartAsync();
        using var api = new IdentityApi(host);
        var first = await api.CreateUserAndLoginAsync("alice", "alice-password-0123");
        var second = await api.LoginAsync("alice", "alice-password-0123");
        await api.MeAsync(Present.Bearer(first.AccessToken));

        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"/v1/tokens/{IdentityApi.TokenId(first.AccessToken)}", Present.Bearer(second.AccessToken));

        await AssertRevokedAsync(api, Present.Bearer(first.AccessToken));
        await api.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Post, "/v1/auth/refresh", null, new { refreshToken = first.RefreshToken });
        await api.MeAsync(Present.Bearer(second.AccessToken));
    }

    [Fact]
    public async Task DeleteToken_OfSomeoneElse_IsRefused_AndTheTokenKeepsWorking()
    {
        await using var host = await GatewayHost.StartAsync();
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", "alice-password-0123");
        var bob = await api.CreateUserAndLoginAsync("bob", "bob-password-01234");

        await api.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Delete, $"/v1/tokens/{IdentityApi.TokenId(alice.AccessToken)}", Present.Bearer(bob.AccessToken));

        await api.MeAsync(Present.Bearer(alice.AccessToken));
    }

    [Fact]
    public async Task DeleteToken_ByAnAdministrator_RevokesADeviceToken_AsGuardianAndAsBearer()
    {
        await using var host = await GatewayHost.StartAsync();
        using var api = new IdentityApi(host);
        var alice = Present.Bearer((await api.CreateUserAndLoginAsync("alice", "alice-password-0123")).AccessToken);
        var deviceId = await api.CreateDeviceAsync(alice, "guardian");
        var revoked = await api.IssueDeviceTokenAsync(alice, deviceId);
        var kept = await api.IssueDeviceTokenAsync(alice, deviceId);
        await api.MeAsync(Present.AuthHeaders($"guardian/{deviceId}", revoked.Secret));

        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"/v1/tokens/{revoked.Id}", await api.AdminAsync());

        await AssertRevokedAsync(api, Present.AuthHeaders($"guardian/{deviceId}", revoked.Secret));
        await AssertRevokedAsync(api, Present.Bearer(revoked.Secret));
        await api.MeAsync(Present.AuthHeaders($"guardian/{deviceId}", kept.Secret));
    }

    /// <summary>
    /// The user who owns a device issues its tokens (POST /v1/devices/{id}/tokens needs devices:write
    /// on the device), so they must be able to revoke one, e.g. when the device is stolen, without
    /// asking a system administrator.
    /// </summary>
    [Fact]
    public async Task DeleteToken_ByTheDevicesOwner_RevokesADeviceToken()
    {
        await using var host = await GatewayHost.StartAsync();
        using var api = new IdentityApi(host);
        var alice = Present.Bearer((await api.CreateUserAndLoginAsync("alice", "alice-password-0123")).AccessToken);
        var deviceId = await api.CreateDeviceAsync(alice, "guardian");
        var token = await api.IssueDeviceTokenAsync(alice, deviceId);
        await api.MeAsync(Present.AuthHeaders($"guardian/{deviceId}", token.Secret));

        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"/v1/tokens/{token.Id}", alice,
            because: "the device's owner issued this token and must be able to revoke it; AccessTokenGrain only lets the token's subject (the device) or a system administrator");

        await AssertRevokedAsync(api, Present.AuthHeaders($"guardian/{deviceId}", token.Secret));
    }

    [Fact]
    public async Task DeleteTemporaryToken_FailsTheNextUse_ThoughUsesRemain()
    {
        await using var host = await GatewayHost.StartAsync();
        using var api = new IdentityApi(host);
        var alice = Present.Bearer((await api.CreateUserAndLoginAsync("alice", "alice-password-0123")).AccessToken);
        var temporary = await api.CreateTemporaryTokenAsync(alice, ["me.get"], uses: 10);
        var asToken = Present.AuthHeaders($"token/{temporary.Id}", temporary.Secret);
        await api.MeAsync(asToken);

        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"/v1/temporary-tokens/{temporary.Id}", alice);

        await AssertRevokedAsync(api, asToken);
    }

    [Fact]
    public async Task DeleteRegistrationToken_FailsTheNextUse_AndItCannotBeRedeemed()
    {
        await using var host = await GatewayHost.StartAsync();
        using var api = new IdentityApi(host);
        var alice = Present.Bearer((await api.CreateUserAndLoginAsync("alice", "alice-password-0123")).AccessToken);
        var registration = await api.CreateRegistrationTokenAsync(alice, "user", uses: 5);
        var asRegistration = Present.AuthHeaders($"register/{registration.Id}", registration.Secret);
        await api.MeAsync(asRegistration);

        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"/v1/registration-tokens/{registration.Id}", alice);

        await AssertRevokedAsync(api, asRegistration);
        await api.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Post, "/v1/register", asRegistration, new { username = "newcomer", password = "newcomer-password-1" });
        await api.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Post, "/v1/auth/login", null, new { username = "newcomer", password = "newcomer-password-1" });
    }

    /// <summary>401, and saying why: a 401 for some other reason (a typo in the test) would not prove the revocation.</summary>
    internal static async Task AssertRevokedAsync(IdentityApi api, Action<HttpRequestMessage> credential)
    {
        var body = await api.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Get, "/v1/me", credential);
        Assert.Contains("revoked", body.GetProperty("detail").GetString()!, StringComparison.OrdinalIgnoreCase);
    }
}
