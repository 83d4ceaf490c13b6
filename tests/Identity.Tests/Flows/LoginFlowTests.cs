using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Identity.Tests.Flows;

public sealed class LoginFlowTests
{
    [Fact]
    public async Task Login_ReturnsTokens_AndTheAccessTokenIdentifiesTheUser()
    {
        await using var host = await GatewayHost.StartAsync();
        using var anonymous = host.CreateClient();

        var response = await anonymous.PostAsJsonAsync("/v1/auth/login", new { username = GatewayHost.AdminUsername, password = GatewayHost.AdminPassword });
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("bearer", body.GetProperty("tokenType").GetString());
        Assert.Equal(43200, body.GetProperty("expiresIn").GetInt64());
        using var client = host.CreateClient(body.GetProperty("accessToken").GetString()!);
        var me = JsonDocument.Parse(await client.GetStringAsync("/v1/me")).RootElement;
        Assert.Equal("user", me.GetProperty("kind").GetString());
        Assert.True(me.GetProperty("systemAdmin").GetBoolean());
        Assert.Equal(GatewayHost.AdminUsername, me.GetProperty("resource").GetProperty("username").GetString());
    }

    [Fact]
    public async Task WrongPassword_AndUnknownUser_BothGetTheSame401()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var client = host.CreateClient();

        var wrong = await client.PostAsJsonAsync("/v1/auth/login", new { username = GatewayHost.AdminUsername, password = "not-the-password" });
        var unknown = await client.PostAsJsonAsync("/v1/auth/login", new { username = "nobody-here", password = "not-the-password" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(await wrong.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Logout_RevokesTheToken_SoTheNextRequestFails()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var client = host.CreateClient(await host.LoginAdminAsync());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/v1/auth/logout", null)).StatusCode);

        var after = await client.GetAsync("/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("revoked", await after.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Refresh_RotatesThePair_AndTheOldRefreshTokenIsSpent()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var client = host.CreateClient();
        var login = JsonDocument.Parse(await (await client.PostAsJsonAsync("/v1/auth/login", new { username = GatewayHost.AdminUsername, password = GatewayHost.AdminPassword })).Content.ReadAsStringAsync()).RootElement;
        var refresh = login.GetProperty("refreshToken").GetString();

        var first = await client.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = refresh });
        var second = await client.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = refresh });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        using var old = host.CreateClient(login.GetProperty("accessToken").GetString()!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await old.GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task AccessToken_ExpiresAfterItsLifetime_OnTheInjectedClock()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var client = host.CreateClient(await host.LoginAdminAsync());

        host.Time.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/me")).StatusCode);

        host.Time.Advance(TimeSpan.FromSeconds(1));
        var expired = await client.GetAsync("/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("expired", await expired.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
