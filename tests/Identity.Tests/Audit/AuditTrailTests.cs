using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gatehouse.Identity.Tests.Flows;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Identity.Tests.Audit;

/// <summary>What the audit log records through the gateway, and who may read it.</summary>
public sealed class AuditTrailTests
{
    [Fact]
    public async Task FailedLoginsAndCredentials_AreRecordedWithTheSourceAddress_AndNoSecret()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var anonymous = host.CreateClient();
        await anonymous.PostAsJsonAsync("/v1/auth/login", new { username = GatewayHost.AdminUsername, password = "wrong-password-here" });
        const string bogus = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        using var bogusClient = host.CreateClient(bogus);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bogusClient.GetAsync("/v1/me")).StatusCode);

        using var admin = host.CreateClient(await host.LoginAdminAsync());
        var page = await SecondFactorFlowTests.ReadAsync(await admin.GetAsync("/v1/audit?action=auth."), HttpStatusCode.OK);
        var events = page.GetProperty("events").EnumerateArray().ToList();

        var failedLogin = Assert.Single(events, e => e.GetProperty("action").GetString() == "auth.login.failed");
        Assert.Equal("127.0.0.1", failedLogin.GetProperty("sourceAddress").GetString());
        var failedToken = Assert.Single(events, e => e.GetProperty("action").GetString() == "auth.credential.failed");
        Assert.Equal(Gatehouse.Grains.Identity.Secrets.SecretDigest.LookupKey(bogus), failedToken.GetProperty("subjectId").GetString());
        Assert.Contains(events, e => e.GetProperty("action").GetString() == "auth.login.succeeded");
        Assert.DoesNotContain(bogus, page.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-here", page.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAccountAdministrator_SeesTheirAccount_AndNothingElse()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        var (administratorId, _) = await SecondFactorFlowTests.CreateUserAsync(host, "account-admin");
        using var systemAdmin = host.CreateClient(await host.LoginAdminAsync());
        var account = await SecondFactorFlowTests.ReadAsync(await systemAdmin.PostAsJsonAsync("/v1/accounts", new { name = "Acme", administratorId }), HttpStatusCode.Created);
        var accountId = account.GetProperty("id").GetString()!;
        using var administrator = host.CreateClient(await host.LoginAsync("account-admin", "a-user-password-1"));
        await SecondFactorFlowTests.ReadAsync(await administrator.PutAsJsonAsync($"/v1/accounts/{accountId}/roles/viewer", new { permissions = new[] { "devices:read" } }), HttpStatusCode.OK);

        var own = await SecondFactorFlowTests.ReadAsync(await administrator.GetAsync("/v1/audit"), HttpStatusCode.OK);
        var actions = own.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("role.created", actions);
        Assert.All(own.GetProperty("events").EnumerateArray(), e => Assert.Equal(accountId, e.GetProperty("accountId").GetString()));

        Assert.Equal(HttpStatusCode.Forbidden, (await administrator.GetAsync("/v1/audit?accountId=" + new string('0', 32))).StatusCode);
        var all = await SecondFactorFlowTests.ReadAsync(await systemAdmin.GetAsync("/v1/audit?action=user.created"), HttpStatusCode.OK);
        Assert.True(all.GetProperty("events").GetArrayLength() >= 2);
    }
}
