using System.Net;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Identity.Tests.OAuth;

/// <summary>A user sees which clients hold tokens from their consent, and withdraws one without touching the others.</summary>
public sealed class AuthorizedClientsTests
{
    [Fact]
    public async Task AUserListsTheClientsTheyAuthorized_AndWithdrawingOneEndsOnlyItsTokens()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("developer");
        var (_, carol) = await oauth.CreateUserAsync("carol");
        var dashboard = await oauth.RegisterClientAsync(owner, ["devices:read", "messages:read"], name: "Dashboard");
        var exporter = await oauth.RegisterClientAsync(owner, ["all"], name: "Exporter");

        var fromCode = (await oauth.ExchangeAsync(dashboard, await oauth.AuthorizeAsync(dashboard, "carol", "devices:read messages:read", ["messages:read"]))).ExpectTokens();
        var fromPassword = (await oauth.TokenAsync([("grant_type", "password"), ("username", "carol"), ("password", OAuthDriver.Password),
            ("client_id", exporter.ClientId), ("client_secret", exporter.ClientSecret), ("scope", "all")])).ExpectTokens();

        var listed = await oauth.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/v1/me/oauth-clients", carol);
        var entries = listed.EnumerateArray().ToDictionary(e => e.GetProperty("clientId").GetString()!);
        Assert.Equal(new[] { dashboard.ClientId, exporter.ClientId }.Order(StringComparer.Ordinal), entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Dashboard", entries[dashboard.ClientId].GetProperty("clientName").GetString());
        Assert.Equal("messages:read", entries[dashboard.ClientId].GetProperty("scope").GetString());
        Assert.Equal("all", entries[exporter.ClientId].GetProperty("scope").GetString());
        Assert.Equal(1, entries[exporter.ClientId].GetProperty("sessions").GetInt32());
        // The developer authorized nothing: the list is the caller's own.
        Assert.Equal(0, (await oauth.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/v1/me/oauth-clients", owner)).GetArrayLength());

        await oauth.Api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"/v1/me/oauth-clients/{dashboard.ClientId}", carol);

        Assert.Equal(HttpStatusCode.Unauthorized, await oauth.Api.MeStatusAsync(Present.Bearer(fromCode.AccessToken)));
        (await oauth.RefreshAsync(dashboard, fromCode.RefreshToken)).ExpectError(HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Equal(HttpStatusCode.OK, await oauth.Api.MeStatusAsync(Present.Bearer(fromPassword.AccessToken)));
        var after = await oauth.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/v1/me/oauth-clients", carol);
        Assert.Equal([exporter.ClientId], after.EnumerateArray().Select(e => e.GetProperty("clientId").GetString()));
    }

    /// <summary>A client its owner revoked holds nothing any more, so it leaves the users' lists.</summary>
    [Fact]
    public async Task ARevokedClient_LeavesTheList()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var oauth = new OAuthDriver(host);
        var (_, owner) = await oauth.CreateUserAsync("developer");
        var (_, dave) = await oauth.CreateUserAsync("dave");
        var client = await oauth.RegisterClientAsync(owner, ["devices:read"]);
        (await oauth.ExchangeAsync(client, await oauth.AuthorizeAsync(client, "dave", "devices:read", ["devices:read"]))).ExpectTokens();
        Assert.Equal(1, (await oauth.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/v1/me/oauth-clients", dave)).GetArrayLength());

        await oauth.Api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"/v1/oauth/clients/{client.ClientId}", owner);

        Assert.Equal(0, (await oauth.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/v1/me/oauth-clients", dave)).GetArrayLength());
    }
}
