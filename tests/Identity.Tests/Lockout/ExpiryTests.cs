using System.Net;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Identity.Tests.Lockout;

/// <summary>
/// Every issued secret's lifetime and use count, on the host's manual clock: each credential works
/// one second before its end and fails at it, so an off-by-one or a lifetime read from the wall
/// clock fails the test.
/// </summary>
public sealed class ExpiryTests
{
    private const string AlicePassword = "alice-password-0123";

    [Fact]
    public async Task LoginToken_ExpiresAfter12Hours_WhileItsRefreshTokenStillWorks()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = await api.CreateUserAndLoginAsync("alice", AlicePassword);
        var asAlice = Present.AuthHeaders($"user/{alice.UserId}", alice.AccessToken);

        host.Time.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        await api.MeAsync(asAlice);

        host.Time.Advance(TimeSpan.FromSeconds(1));
        await AssertExpiredAsync(api, asAlice);
        await AssertExpiredAsync(api, Present.Bearer(alice.AccessToken));

        // The refresh token lives 30 days, and buys a new 12-hour token.
        var refreshed = await api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/v1/auth/refresh", null, new { refreshToken = alice.RefreshToken });
        Assert.Equal(43200, refreshed.GetProperty("expiresIn").GetInt64());
        await api.MeAsync(Present.Bearer(refreshed.GetProperty("accessToken").GetString()!));
    }

    [Fact]
    public async Task ApiKey_WithExpiresAt_FailsFromThatMoment_AsBearerAndAsBasic()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = Present.Bearer((await api.CreateUserAndLoginAsync("alice", AlicePassword)).AccessToken);
        var expiring = await api.CreateKeyAsync(alice, "expiring", host.Time.GetUtcNow() + TimeSpan.FromHours(2));
        var lasting = await api.CreateKeyAsync(alice, "lasting");

        host.Time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        await api.MeAsync(Present.Bearer(expiring.Key));
        await api.MeAsync(Present.Basic(expiring.Id, expiring.Secret));

        host.Time.Advance(TimeSpan.FromSeconds(1));
        await AssertExpiredAsync(api, Present.Bearer(expiring.Key));
        await AssertExpiredAsync(api, Present.Basic(expiring.Id, expiring.Secret));
        await api.MeAsync(Present.Bearer(lasting.Key));
    }

    [Fact]
    public async Task ApiKey_WithExpiresAtInThePast_IsRefused()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = Present.Bearer((await api.CreateUserAndLoginAsync("alice", AlicePassword)).AccessToken);

        await api.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/v1/keys", alice, new { name = "stale", expiresAt = host.Time.GetUtcNow() });
    }

    [Fact]
    public async Task DeviceToken_ExpiresAfterItsExpiresInSeconds()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = Present.Bearer((await api.CreateUserAndLoginAsync("alice", AlicePassword)).AccessToken);
        var deviceId = await api.CreateDeviceAsync(alice, "guardian");
        var token = await api.IssueDeviceTokenAsync(alice, deviceId, expiresInSeconds: 600);
        var asGuardian = Present.AuthHeaders($"guardian/{deviceId}", token.Secret);

        host.Time.Advance(TimeSpan.FromSeconds(599));
        await api.MeAsync(asGuardian);

        host.Time.Advance(TimeSpan.FromSeconds(1));
        await AssertExpiredAsync(api, asGuardian);
    }

    /// <summary>The body of POST /v1/devices/{id}/tokens is optional; without one the token gets IdentityOptions.DeviceTokenLifetime.</summary>
    [Fact]
    public async Task DeviceToken_IssuedWithoutABody_GetsTheDefaultLifetime()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = Present.Bearer((await api.CreateUserAndLoginAsync("alice", AlicePassword)).AccessToken);
        var deviceId = await api.CreateDeviceAsync(alice, "guardian");

        var issued = await api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"/v1/devices/{deviceId}/tokens", alice);

        Assert.Equal(host.Time.GetUtcNow() + TimeSpan.FromDays(365), issued.GetProperty("expiresAt").GetDateTimeOffset());
        await api.MeAsync(Present.AuthHeaders($"guardian/{deviceId}", issued.GetProperty("token").GetString()!));
    }

    [Fact]
    public async Task TemporaryToken_ExpiresAfterItsExpiresInSeconds()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = Present.Bearer((await api.CreateUserAndLoginAsync("alice", AlicePassword)).AccessToken);
        var temporary = await api.CreateTemporaryTokenAsync(alice, ["me.get"], uses: 10, expiresInSeconds: 120);
        var asToken = Present.AuthHeaders($"token/{temporary.Id}", temporary.Secret);

        host.Time.Advance(TimeSpan.FromSeconds(119));
        await api.MeAsync(asToken);

        host.Time.Advance(TimeSpan.FromSeconds(1));
        await AssertExpiredAsync(api, asToken);
    }

    [Fact]
    public async Task TemporaryToken_RunsOutOfUses_AndARefusedEndpointSpendsNone()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = Present.Bearer((await api.CreateUserAndLoginAsync("alice", AlicePassword)).AccessToken);
        var temporary = await api.CreateTemporaryTokenAsync(alice, ["me.get"], uses: 2);
        var asToken = Present.AuthHeaders($"token/{temporary.Id}", temporary.Secret);

        // An endpoint the token does not list is 403 and must not spend a use.
        await api.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, "/v1/keys", asToken);
        await api.MeAsync(asToken);
        await api.MeAsync(asToken);

        var spent = await api.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Get, "/v1/me", asToken);
        Assert.Contains("no uses left", spent.GetProperty("detail").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegistrationToken_RunsOutOfUses()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = Present.Bearer((await api.CreateUserAndLoginAsync("alice", AlicePassword)).AccessToken);
        var registration = await api.CreateRegistrationTokenAsync(alice, "user", uses: 2);
        var asRegistration = Present.AuthHeaders($"register/{registration.Id}", registration.Secret);

        var first = await api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/v1/register", asRegistration, new { username = "first", password = "first-password-01" });
        Assert.Equal(1, first.GetProperty("remainingUses").GetInt32());
        var second = await api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/v1/register", asRegistration, new { username = "second", password = "second-password-1" });
        Assert.Equal(0, second.GetProperty("remainingUses").GetInt32());

        var third = await api.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Post, "/v1/register", asRegistration, new { username = "third", password = "third-password-01" });
        Assert.Contains("no uses left", third.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        await api.LoginAsync("first", "first-password-01");
        await api.LoginAsync("second", "second-password-1");
        using var thirdLogin = await api.TryLoginAsync("third", "third-password-01");
        Assert.Equal(HttpStatusCode.Unauthorized, thirdLogin.StatusCode);
    }

    [Fact]
    public async Task RegistrationToken_Expires()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var alice = Present.Bearer((await api.CreateUserAndLoginAsync("alice", AlicePassword)).AccessToken);
        var registration = await api.CreateRegistrationTokenAsync(alice, "user", uses: 5, expiresInSeconds: 3600);
        var asRegistration = Present.AuthHeaders($"register/{registration.Id}", registration.Secret);

        host.Time.Advance(TimeSpan.FromSeconds(3599));
        await api.MeAsync(asRegistration);

        host.Time.Advance(TimeSpan.FromSeconds(1));
        await AssertExpiredAsync(api, asRegistration);
        await api.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Post, "/v1/register", asRegistration, new { username = "late", password = "late-password-012" });
    }

    [Fact]
    public async Task PasswordResetToken_ExpiresAfterAnHour()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var aliceId = await api.CreateUserAsync("alice", AlicePassword);
        var resetToken = await api.BeginPasswordResetAsync(aliceId);

        host.Time.Advance(TimeSpan.FromHours(1));

        await api.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Post, "/v1/auth/password-reset", null, new { resetToken, newPassword = "alice-new-password-456" });
        await api.LoginAsync("alice", AlicePassword);
    }

    [Fact]
    public async Task PasswordResetToken_WorksWithinTheHour_Once()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var aliceId = await api.CreateUserAsync("alice", AlicePassword);
        var resetToken = await api.BeginPasswordResetAsync(aliceId);

        host.Time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, "/v1/auth/password-reset", null, new { resetToken, newPassword = "alice-new-password-456" });

        await api.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Post, "/v1/auth/password-reset", null, new { resetToken, newPassword = "alice-third-password-789" });
        await api.LoginAsync("alice", "alice-new-password-456");
    }

    /// <summary>401 saying the credential expired: a 401 for another reason would not prove the expiry.</summary>
    private static async Task AssertExpiredAsync(IdentityApi api, Action<HttpRequestMessage> credential)
    {
        var body = await api.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Get, "/v1/me", credential);
        Assert.Contains("expired", body.GetProperty("detail").GetString()!, StringComparison.OrdinalIgnoreCase);
    }
}
