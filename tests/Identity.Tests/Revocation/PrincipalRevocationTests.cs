using System.Net;
using System.Text.Json;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Identity.Tests.Revocation;

/// <summary>
/// Changes to the principal behind credentials (disabled, new password, a narrower role) apply to
/// the next request made with any of its credentials, because the caller is rebuilt per request.
/// </summary>
public sealed class PrincipalRevocationTests
{
    private const string AlicePassword = "alice-password-0123";

    [Fact]
    public async Task DisablingAUser_FailsTheirTokensAndKeys()
    {
        await using var host = await GatewayHost.StartAsync();
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", AlicePassword);
        var key = await api.CreateKeyAsync(Present.Bearer(alice.AccessToken), "script");
        var temporary = await api.CreateTemporaryTokenAsync(Present.Bearer(alice.AccessToken), ["me.get"], uses: 10);
        var credentials = new Dictionary<string, Action<HttpRequestMessage>>
        {
            ["login token"] = Present.Bearer(alice.AccessToken),
            ["login token as user/{id}"] = Present.AuthHeaders($"user/{alice.UserId}", alice.AccessToken),
            ["API key as Bearer"] = Present.Bearer(key.Key),
            ["API key as Basic"] = Present.Basic(key.Id, key.Secret),
            ["password as Basic"] = Present.Basic("alice", AlicePassword),
            ["temporary token"] = Present.AuthHeaders($"token/{temporary.Id}", temporary.Secret),
        };
        foreach (var (name, credential) in credentials)
        {
            Assert.True(await api.MeStatusAsync(credential) == HttpStatusCode.OK, $"{name} should work before the user is disabled");
        }

        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, $"/v1/users/{alice.UserId}/disable", await api.AdminAsync());

        foreach (var (name, credential) in credentials)
        {
            Assert.True(await api.MeStatusAsync(credential) == HttpStatusCode.Unauthorized, $"{name} still works after the user was disabled");
        }
        await api.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Post, "/v1/auth/refresh", null, new { refreshToken = alice.RefreshToken });
        using var login = await api.TryLoginAsync("alice", AlicePassword);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task EnablingAUserAgain_DoesNotBringBackTheSessionsDisablingEnded()
    {
        await using var host = await GatewayHost.StartAsync();
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", AlicePassword);
        var admin = await api.AdminAsync();

        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, $"/v1/users/{alice.UserId}/disable", admin);
        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, $"/v1/users/{alice.UserId}/enable", admin);

        await TokenRevocationTests.AssertRevokedAsync(api, Present.Bearer(alice.AccessToken));
        await api.MeAsync(Present.Bearer((await api.LoginAsync("alice", AlicePassword)).AccessToken));
    }

    [Fact]
    public async Task ChangingThePassword_EndsEverySession()
    {
        await using var host = await GatewayHost.StartAsync();
        using var api = new IdentityApi(host);
        var changing = await api.CreateUserAndLoginAsync("alice", AlicePassword);
        var other = await api.LoginAsync("alice", AlicePassword);

        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/v1/me/password", Present.Bearer(changing.AccessToken),
            new { currentPassword = AlicePassword, newPassword = "alice-new-password-456" });

        // Whoever learned the old password may hold a session: every one ends, the changing one too.
        await TokenRevocationTests.AssertRevokedAsync(api, Present.Bearer(other.AccessToken));
        await TokenRevocationTests.AssertRevokedAsync(api, Present.Bearer(changing.AccessToken));
        await api.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Post, "/v1/auth/refresh", null, new { refreshToken = other.RefreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, await api.MeStatusAsync(Present.Basic("alice", AlicePassword)));
        await api.MeAsync(Present.Bearer((await api.LoginAsync("alice", "alice-new-password-456")).AccessToken));
    }

    [Fact]
    public async Task APasswordReset_EndsEverySession()
    {
        await using var host = await GatewayHost.StartAsync();
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", AlicePassword);
        var resetToken = await api.BeginPasswordResetAsync(alice.UserId);

        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, "/v1/auth/password-reset", null, new { resetToken, newPassword = "alice-new-password-456" });

        await TokenRevocationTests.AssertRevokedAsync(api, Present.Bearer(alice.AccessToken));
        await api.LoginAsync("alice", "alice-new-password-456");
    }

    [Fact]
    public async Task AnOperatorWhoseRoleLosesAPermission_LosesItOnTheNextRequest()
    {
        await using var host = await GatewayHost.StartAsync();
        using var api = new IdentityApi(host);
        var admin = await api.AdminAsync();
        var ownerId = await api.CreateUserAsync("acme-owner", "acme-owner-password");
        var account = await api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/v1/accounts", admin, new { name = "Acme", administratorId = ownerId });
        var accountId = account.GetProperty("id").GetString()!;
        var owner = Present.Bearer((await api.LoginAsync("acme-owner", "acme-owner-password")).AccessToken);
        await api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"/v1/accounts/{accountId}/roles/viewer", owner, new { permissions = new[] { "roles:read" } });
        var operatorSession = await api.CreateUserAndLoginAsync("olivia", "olivia-password-01");
        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, $"/v1/accounts/{accountId}/operators/{operatorSession.UserId}", owner, new { role = "viewer" });
        var viaToken = Present.Bearer(operatorSession.AccessToken);
        var viaKey = Present.Bearer((await api.CreateKeyAsync(viaToken, "olivia's script")).Key);
        foreach (var credential in new[] { viaToken, viaKey })
        {
            await api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/v1/accounts/{accountId}/roles", credential);
            Assert.Contains("roles:read", Permissions(await api.MeAsync(credential)));
        }

        await api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"/v1/accounts/{accountId}/roles/viewer", owner, new { permissions = new[] { "devices:read" } });

        foreach (var credential in new[] { viaToken, viaKey })
        {
            await api.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, $"/v1/accounts/{accountId}/roles", credential);
            Assert.DoesNotContain("roles:read", Permissions(await api.MeAsync(credential)));
        }
    }

    private static List<string> Permissions(JsonElement me) =>
        [.. me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()!)];
}
