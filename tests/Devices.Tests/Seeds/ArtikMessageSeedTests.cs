using System.Net;
using System.Text;
using System.Text.Json;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Devices.Tests.Seeds;

/// <summary>
/// Seed 002, "Securely post messages": <c>POST /v1.1/message</c> with the seed's headers and body,
/// a lowercase <c>bearer</c> device token, and the seed's answer: 200, <c>Content-Type:
/// application/json</c>, the three X-Rate-Limit headers as <c>a/b</c>, <c>{"data":{"mid":…}}</c>.
/// </summary>
public sealed class ArtikMessageSeedTests : IAsyncLifetime
{
    private const string SeedData = """{"stepCount":100,"timeInBed":200,"asleepTime":10,"calories":150}""";

    private GatewayHost _host = null!;
    private IdentityApi _api = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await GatewayHost.StartAsync(sqlite: false);
        _api = new IdentityApi(_host);
        _client = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        _api.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Post_message_with_a_lowercase_bearer_device_token_answers_as_the_seed_shows()
    {
        var owner = Present.Bearer((await _api.CreateUserAndLoginAsync("artikuser", "artik-password-1234")).AccessToken);
        var sdid = await _api.CreateDeviceAsync(owner, "Fitness band");
        var token = await _api.IssueDeviceTokenAsync(owner, sdid);

        using var response = await PostAsync($"bearer {token.Secret}", $$"""{"sdid":"{{sdid}}","data":{{SeedData}}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());
        Assert.Matches(@"^\d+/\d+$", Header(response, "X-Rate-Limit-Limit"));
        Assert.Matches(@"^\d+/\d+$", Header(response, "X-Rate-Limit-Remaining"));
        var reset = Header(response, "X-Rate-Limit-Reset").Split('/').Select(long.Parse).ToArray();
        var now = _host.Time.GetUtcNow().ToUnixTimeSeconds();
        Assert.True(reset[0] > now && reset[1] >= reset[0], $"Reset is minute/day epoch seconds after now ({now}): {string.Join('/', reset)}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(51, text.Length);
        Assert.Equal(51, response.Content.Headers.ContentLength); // The seed's Content-Length: 51.
        using var body = JsonDocument.Parse(text);
        Assert.Equal(["data"], body.RootElement.EnumerateObject().Select(p => p.Name));
        var mid = body.RootElement.GetProperty("data").GetProperty("mid").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", mid);

        // The message is in the device's history, with the seed's data and the device as sender.
        var page = await _api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/v1/devices/{sdid}/messages", owner);
        var stored = Assert.Single(page.GetProperty("messages").EnumerateArray());
        Assert.Equal(mid, stored.GetProperty("mid").GetString());
        Assert.Equal(100, stored.GetProperty("data").GetProperty("stepCount").GetInt32());
        Assert.Equal("device", stored.GetProperty("sender").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_user_with_write_access_may_send_for_the_device_and_others_get_artik_errors()
    {
        var owner = await _api.CreateUserAndLoginAsync("owner", "owner-password-1234");
        var writer = await _api.CreateUserAndLoginAsync("writer", "writer-password-1234");
        var reader = await _api.CreateUserAndLoginAsync("reader", "reader-password-1234");
        var sdid = await _api.CreateDeviceAsync(Present.Bearer(owner.AccessToken), "Shared band");
        await _api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"/v1/devices/{sdid}/shares/{writer.UserId}", Present.Bearer(owner.AccessToken), new { access = "write" });
        await _api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"/v1/devices/{sdid}/shares/{reader.UserId}", Present.Bearer(owner.AccessToken), new { access = "read" });
        var body = $$"""{"sdid":"{{sdid}}","data":{{SeedData}},"ts":1795345200000}""";

        using (var asOwner = await PostAsync($"bearer {owner.AccessToken}", body))
        {
            Assert.Equal(HttpStatusCode.OK, asOwner.StatusCode);
        }
        using (var asWriter = await PostAsync($"Bearer {writer.AccessToken}", body))
        {
            Assert.Equal(HttpStatusCode.OK, asWriter.StatusCode);
        }
        await ExpectArtikErrorAsync(await PostAsync($"bearer {reader.AccessToken}", body), HttpStatusCode.Forbidden);
        await ExpectArtikErrorAsync(await PostAsync("bearer 0123456789abcdef0123456789abcdef", body), HttpStatusCode.Unauthorized);
        await ExpectArtikErrorAsync(await PostAsync(null, body), HttpStatusCode.Unauthorized);
        await ExpectArtikErrorAsync(await PostAsync($"bearer {owner.AccessToken}", """{"sdid":"0123456789abcdef0123456789abcdef","data":{}}"""), HttpStatusCode.NotFound);
        await ExpectArtikErrorAsync(await PostAsync($"bearer {owner.AccessToken}", """{"sdid":"x","data":"""), HttpStatusCode.BadRequest);

        var page = await _api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/v1/devices/{sdid}/messages", Present.Bearer(owner.AccessToken));
        Assert.Equal(2, page.GetProperty("messages").GetArrayLength());
        Assert.All(page.GetProperty("messages").EnumerateArray(), m => Assert.Equal(1795345200000, m.GetProperty("tsMs").GetInt64()));
    }

    /// <summary>ARTIK's error envelope: <c>{"error":{"code":&lt;status&gt;,"message":"…"}}</c>.</summary>
    internal static async Task ExpectArtikErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
            using var body = JsonDocument.Parse(text);
            var error = body.RootElement.GetProperty("error");
            Assert.Equal((int)status, error.GetProperty("code").GetInt32());
            Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        }
    }

    private async Task<HttpResponseMessage> PostAsync(string? authorization, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1.1/message") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        if (authorization is not null)
        {
            // Verbatim, so the scheme's case is what the seed sends.
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        return await _client.SendAsync(request);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : throw new Xunit.Sdk.XunitException($"No {name} header.");
}
