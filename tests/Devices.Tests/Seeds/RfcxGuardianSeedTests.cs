using System.Net;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Devices.Tests.Seeds;

/// <summary>
/// Seed 004: a guardian authenticates as <c>x-auth-user: guardian/&lt;guid&gt;</c> with
/// <c>x-auth-token</c> (preferred), or the same as query or form parameters, and publishes and
/// reads its data through the native endpoints.
/// </summary>
public sealed class RfcxGuardianSeedTests : IAsyncLifetime
{
    private GatewayHost _host = null!;
    private IdentityApi _api = null!;

    public async Task InitializeAsync()
    {
        _host = await GatewayHost.StartAsync(sqlite: false);
        _api = new IdentityApi(_host);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task A_guardian_publishes_and_reads_with_headers_query_and_form_parameters()
    {
        var owner = Present.Bearer((await _api.CreateUserAndLoginAsync("rfcx", "rfcx-password-1234")).AccessToken);
        var guid = await _api.CreateDeviceAsync(owner, "Guardian df72c626229f");
        var token = (await _api.IssueDeviceTokenAsync(owner, guid)).Secret;
        var user = $"guardian/{guid}";
        var path = $"/v1/devices/{guid}/messages";

        // Headers (preferred).
        await _api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, path, Present.AuthHeaders(user, token), new { data = new { battery = 91, audio = "chunk-1" } });
        // Query parameters.
        await _api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, path, Present.AuthQuery(user, token), new { data = new { battery = 90 } });
        // Form parameters: the form carries the credential, and the message as data (JSON) and ts.
        await _api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, path,
            Present.Form(("auth_user", user), ("auth_token", token), ("data", """{"battery":89}"""), ("ts", "1795345200000")));

        var page = await _api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, path, Present.AuthHeaders(user, token));
        var messages = page.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(3, messages.Count);
        Assert.All(messages, m => Assert.Equal(guid, m.GetProperty("sender").GetProperty("id").GetString()));
        Assert.Contains(messages, m => m.GetProperty("tsMs").GetInt64() == 1795345200000);

        var latest = await _api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/v1/devices/{guid}/series/latest", Present.AuthQuery(user, token));
        var values = latest.GetProperty("values").EnumerateArray().ToDictionary(v => v.GetProperty("field").GetString()!);
        Assert.Equal("chunk-1", values["audio"].GetProperty("value").GetString());
        // The owner reads the same data.
        var ownerView = await _api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, path, owner);
        Assert.Equal(3, ownerView.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task A_guardian_cannot_publish_for_another_guardian_and_a_wrong_token_is_refused()
    {
        var owner = Present.Bearer((await _api.CreateUserAndLoginAsync("rfcx", "rfcx-password-1234")).AccessToken);
        var one = await _api.CreateDeviceAsync(owner, "Guardian one");
        var two = await _api.CreateDeviceAsync(owner, "Guardian two");
        var token = (await _api.IssueDeviceTokenAsync(owner, one)).Secret;

        await _api.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Post, $"/v1/devices/{two}/messages", Present.AuthHeaders($"guardian/{one}", token), new { data = new { battery = 1 } });
        await _api.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, $"/v1/devices/{two}/messages", Present.AuthHeaders($"guardian/{one}", token));
        await _api.ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Post, $"/v1/devices/{one}/messages", Present.AuthHeaders($"guardian/{one}", "5ffd69500c83b9d948f5d0852538b5b983453182"), new { data = new { battery = 1 } });
        var page = await _api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/v1/devices/{two}/messages", owner);
        Assert.Equal(0, page.GetProperty("messages").GetArrayLength());
    }
}
