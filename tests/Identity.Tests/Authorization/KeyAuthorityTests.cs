using System.Net;
using System.Net.Http.Json;
using Gatehouse.Identity.Tests.Flows;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Identity.Tests.Authorization;

/// <summary>"A key never has more authority than its owner. Higher-authority API users are explicit grants."</summary>
public sealed class KeyAuthorityTests
{
    private const string Password = "a-user-password-1";

    [Fact]
    public async Task AKeyCannotAskForMoreThanItsOwnerHas()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        var (_, token) = await SecondFactorFlowTests.CreateUserAsync(host, "plain");
        using var user = host.CreateClient(token);

        var tooMuch = await user.PostAsJsonAsync("/v1/keys", new { name = "greedy", scopes = new[] { "audit:read" } });
        var elevated = await user.PostAsJsonAsync("/v1/keys", new { name = "elevated", scopes = new[] { "audit:read" }, elevated = true });
        var narrow = await user.PostAsJsonAsync("/v1/keys", new { name = "narrow", scopes = new[] { "profile:read" } });

        Assert.Equal(HttpStatusCode.Forbidden, tooMuch.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, elevated.StatusCode);
        Assert.Equal(HttpStatusCode.Created, narrow.StatusCode);
    }

    [Fact]
    public async Task AScopedKey_HasOnlyItsScopes_AndLosesWhatItsOwnerLoses()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        var (accountId, _, administrator) = await AccountWithOperatorAsync(host, ["applications:read", "users:read"]);
        var administratorId = (await SecondFactorFlowTests.ReadAsync(await administrator.GetAsync("/v1/me"), HttpStatusCode.OK)).GetProperty("id").GetString();
        using var operatorClient = host.CreateClient(await host.LoginAsync("operator", Password));
        var key = await SecondFactorFlowTests.ReadAsync(await operatorClient.PostAsJsonAsync("/v1/keys", new { name = "reader", scopes = new[] { "users:read" } }), HttpStatusCode.Created);
        using var keyClient = host.CreateClient(key.GetProperty("key").GetString()!);

        var me = await SecondFactorFlowTests.ReadAsync(await keyClient.GetAsync("/v1/me"), HttpStatusCode.OK);
        Assert.Equal(["users:read"], me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await keyClient.GetAsync($"/v1/users/{administratorId}")).StatusCode);

        // The administrator takes users:read out of the operator's role: the key loses it at once.
        Assert.Equal(HttpStatusCode.OK, (await administrator.PutAsJsonAsync($"/v1/accounts/{accountId}/roles/support", new { permissions = new[] { "applications:read" } })).StatusCode);
        var after = await SecondFactorFlowTests.ReadAsync(await keyClient.GetAsync("/v1/me"), HttpStatusCode.OK);
        Assert.Empty(after.GetProperty("permissions").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await keyClient.GetAsync($"/v1/users/{administratorId}")).StatusCode);
    }

    [Fact]
    public async Task AnElevatedKey_IsAnExplicitGrantBeyondItsOwnersRole()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        var (accountId, operatorId, _) = await AccountWithOperatorAsync(host, ["applications:read"]);
        using var systemAdmin = host.CreateClient(await host.LoginAdminAsync());
        using var operatorClient = host.CreateClient(await host.LoginAsync("operator", Password));

        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.GetAsync($"/v1/audit?accountId={accountId}")).StatusCode);
        var grant = await SecondFactorFlowTests.ReadAsync(await systemAdmin.PostAsJsonAsync("/v1/keys",
            new { name = "integration", userId = operatorId, elevated = true, scopes = new[] { "audit:read", "accounts:read" } }), HttpStatusCode.Created);
        Assert.True(grant.GetProperty("details").GetProperty("elevated").GetBoolean());
        using var elevated = host.CreateClient(grant.GetProperty("key").GetString()!);

        Assert.Equal(HttpStatusCode.OK, (await elevated.GetAsync($"/v1/audit?accountId={accountId}")).StatusCode);
        // Its authority is exactly the grant: not the operator's own applications:read, not other accounts.
        var me = await SecondFactorFlowTests.ReadAsync(await elevated.GetAsync("/v1/me"), HttpStatusCode.OK);
        Assert.Equal(["accounts:read", "audit:read"], me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()).Order());
        Assert.Equal(HttpStatusCode.Forbidden, (await elevated.GetAsync("/v1/audit?accountId=" + new string('0', 32))).StatusCode);
    }

    private static async Task<(string AccountId, string OperatorId, HttpClient Administrator)> AccountWithOperatorAsync(GatewayHost host, string[] rolePermissions)
    {
        var (administratorId, _) = await SecondFactorFlowTests.CreateUserAsync(host, "account-admin");
        var (operatorId, _) = await SecondFactorFlowTests.CreateUserAsync(host, "operator");
        using var systemAdmin = host.CreateClient(await host.LoginAdminAsync());
        var account = await SecondFactorFlowTests.ReadAsync(await systemAdmin.PostAsJsonAsync("/v1/accounts", new { name = "Acme", administratorId }), HttpStatusCode.Created);
        var accountId = account.GetProperty("id").GetString()!;
        var administrator = host.CreateClient(await host.LoginAsync("account-admin", Password));
        await SecondFactorFlowTests.ReadAsync(await administrator.PutAsJsonAsync($"/v1/accounts/{accountId}/roles/support", new { permissions = rolePermissions }), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await administrator.PutAsJsonAsync($"/v1/accounts/{accountId}/operators/{operatorId}", new { role = "support" })).StatusCode);
        return (accountId, operatorId, administrator);
    }
}
