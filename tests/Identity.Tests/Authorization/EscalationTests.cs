using System.Net;
using System.Net.Http.Json;
using Gatehouse.Identity.Tests.Flows;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Identity.Tests.Authorization;

/// <summary>
/// Paths to more authority than a principal was given, each closed: roles that reach beyond the
/// account, one application's keys acting on another, and taking over the account administrator.
/// </summary>
public sealed class EscalationTests
{
    private const string Password = "a-user-password-1";

    [Theory]
    [InlineData("users:create")]
    [InlineData("users:manage")]
    [InlineData("keys:elevate")]
    [InlineData("operators:manage")]
    [InlineData("roles:manage")]
    [InlineData("accounts:create")]
    [InlineData("devices:*")]
    public async Task AnOperatorRole_CannotHoldWhatStaysWithAdministrators(string permission)
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        var (accountId, administrator) = await CreateAccountAsync(host);

        var response = await administrator.PutAsJsonAsync($"/v1/accounts/{accountId}/roles/escalate", new { permissions = new[] { "devices:read", permission } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task OneApplicationsTrustedKey_CannotReadOrChangeAnotherApplication()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        var (accountId, administrator) = await CreateAccountAsync(host);
        var first = await SecondFactorFlowTests.ReadAsync(await administrator.PostAsJsonAsync($"/v1/accounts/{accountId}/applications", new { name = "first" }), HttpStatusCode.Created);
        var second = await SecondFactorFlowTests.ReadAsync(await administrator.PostAsJsonAsync($"/v1/accounts/{accountId}/applications", new { name = "second" }), HttpStatusCode.Created);
        var firstId = first.GetProperty("application").GetProperty("id").GetString();
        using var secondTrusted = host.CreateClient(second.GetProperty("trustedApplicationApiKey").GetString()!);
        using var secondPublic = host.CreateClient(second.GetProperty("applicationApiKey").GetString()!);

        Assert.Equal(HttpStatusCode.Forbidden, (await secondTrusted.GetAsync($"/v1/applications/{firstId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await secondTrusted.GetAsync($"/v1/applications/{firstId}/roles")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await secondTrusted.GetAsync($"/v1/accounts/{accountId}/roles")).StatusCode);
        var created = await secondPublic.PostAsJsonAsync($"/v1/applications/{firstId}/users", new { username = "sneaky", password = Password });
        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);

        // Refused before anything was written: the name is still free in the first application.
        using var firstPublic = host.CreateClient(first.GetProperty("applicationApiKey").GetString()!);
        Assert.Equal(HttpStatusCode.Created, (await firstPublic.PostAsJsonAsync($"/v1/applications/{firstId}/users", new { username = "sneaky", password = Password })).StatusCode);
    }

    [Fact]
    public async Task OnlyASystemAdministrator_ResetsAnAccountAdministratorsPassword()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        var (accountId, administrator) = await CreateAccountAsync(host);
        var me = await SecondFactorFlowTests.ReadAsync(await administrator.GetAsync("/v1/me"), HttpStatusCode.OK);
        var administratorId = me.GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.Forbidden, (await administrator.PostAsync($"/v1/users/{administratorId}/password-reset", null)).StatusCode);
        using var systemAdmin = host.CreateClient(await host.LoginAdminAsync());
        Assert.Equal(HttpStatusCode.OK, (await systemAdmin.PostAsync($"/v1/users/{administratorId}/password-reset", null)).StatusCode);
        _ = accountId;
    }

    private static async Task<(string AccountId, HttpClient Administrator)> CreateAccountAsync(GatewayHost host)
    {
        var (administratorId, _) = await SecondFactorFlowTests.CreateUserAsync(host, "account-admin");
        using var systemAdmin = host.CreateClient(await host.LoginAdminAsync());
        var account = await SecondFactorFlowTests.ReadAsync(
            await systemAdmin.PostAsJsonAsync("/v1/accounts", new { name = "Acme", administratorId }), HttpStatusCode.Created);
        return (account.GetProperty("id").GetString()!, host.CreateClient(await host.LoginAsync("account-admin", Password)));
    }
}
