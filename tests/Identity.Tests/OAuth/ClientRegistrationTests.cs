using System.Net;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Identity.Tests.OAuth;

/// <summary>Registering, reading and revoking OAuth2 clients: the secret shown once, owner-only access, strict redirect URIs.</summary>
public sealed class ClientRegistrationTests
{
    [Fact]
    public async Task Register_ReturnsTheIdAndSecretOnce_AndReadingItNeverShowsTheSecret()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (userId, owner) = await oauth.CreateUserAsync("owner");

        var created = await oauth.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/v1/oauth/clients", owner,
            new { name = "Weather dashboard", redirectUris = new[] { "https://dashboard.example/cb" }, scopes = new[] { "devices:read", "messages:read" }, confidential = true });

        var clientId = created.GetProperty("clientId").GetString()!;
        var secret = created.GetProperty("clientSecret").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", clientId);
        Assert.Matches("^[0-9a-f]{64}$", secret);
        Assert.Equal(userId, created.GetProperty("client").GetProperty("ownerId").GetString());

        var read = await oauth.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/v1/oauth/clients/{clientId}", owner);
        Assert.Equal("Weather dashboard", read.GetProperty("name").GetString());
        Assert.Equal(["devices:read", "messages:read"], read.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.DoesNotContain(secret, read.GetRawText(), StringComparison.Ordinal);
        Assert.False(read.TryGetProperty("clientSecret", out _));
    }

    [Fact]
    public async Task APublicClient_GetsNoSecret()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("owner");

        var client = await oauth.RegisterClientAsync(owner, ["profile:read"], confidential: false, redirectUris: ["com.example.app:/callback"]);

        Assert.Null(client.ClientSecret);
    }

    [Fact]
    public async Task OnlyTheOwnerOrASystemAdministrator_ReadsOrRevokesAClient()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("owner");
        var (_, stranger) = await oauth.CreateUserAsync("stranger");
        var client = await oauth.RegisterClientAsync(owner, ["profile:read"]);

        await oauth.Api.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, $"/v1/oauth/clients/{client.ClientId}", stranger);
        await oauth.Api.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Delete, $"/v1/oauth/clients/{client.ClientId}", stranger);
        await oauth.Api.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Get, $"/v1/oauth/clients/{client.ClientId}");
        await oauth.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/v1/oauth/clients/{client.ClientId}", await oauth.Api.AdminAsync());
        await oauth.Api.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, $"/v1/oauth/clients/{new string('0', 32)}", owner);

        await oauth.Api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"/v1/oauth/clients/{client.ClientId}", owner);
        var read = await oauth.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/v1/oauth/clients/{client.ClientId}", owner);
        Assert.True(read.GetProperty("revoked").GetBoolean());
    }

    [Theory]
    [InlineData("http://dashboard.example/cb", "loopback")]
    [InlineData("https://dashboard.example/cb#fragment", "fragment")]
    [InlineData("javascript:alert(1)", "scheme")]
    [InlineData("https://dashboard.example/cb?a=\"><script>", "character")]
    [InlineData("/relative/cb", "absolute")]
    [InlineData("myapp:/cb", "reversed domain")]
    public async Task Register_RefusesARedirectUriThatCouldLeakCodes(string redirectUri, string reason)
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("owner");

        var problem = await oauth.Api.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/v1/oauth/clients", owner,
            new { name = "Bad", redirectUris = new[] { redirectUri }, scopes = new[] { "profile:read" } });

        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("devices:*")]
    [InlineData("*")]
    [InlineData("all devices:read")]
    [InlineData("not:a-permission")]
    [InlineData("")]
    public async Task Register_RefusesScopesThatAreNotSpelledOutPermissions(string scopeList)
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("owner");
        var scopes = scopeList.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        await oauth.Api.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/v1/oauth/clients", owner,
            new { name = "Bad", redirectUris = new[] { OAuthDriver.RedirectUri }, scopes });
    }

    /// <summary>Registering needs clients:manage: a key scoped without it, and an application key, are refused.</summary>
    [Fact]
    public async Task Register_NeedsClientsManage()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("owner");
        var key = await oauth.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/v1/keys", owner, new { name = "narrow", scopes = new[] { "devices:read" } });

        await oauth.Api.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Post, "/v1/oauth/clients", Present.Bearer(key.GetProperty("key").GetString()!),
            new { name = "Nope", redirectUris = new[] { OAuthDriver.RedirectUri }, scopes = new[] { "profile:read" } });
    }
}
