using System.Net;
using System.Text;
using System.Text.Json;
using Gatehouse.Devices.Tests.Seeds;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Devices.Tests.BadInput;

/// <summary>
/// Malformed JSON, wrong content types, oversized bodies, unknown devices and field type
/// mismatches get a clear error on every device surface (problem+json on the native, WoTKit and
/// EVRYTHNG surfaces, ARTIK's envelope on ARTIK's), and a refused message leaves no trace.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private GatewayHost _host = null!;
    private IdentityApi _api = null!;
    private HttpClient _client = null!;
    private string _token = "";
    private string _device = "";

    public async Task InitializeAsync()
    {
        _host = await GatewayHost.StartAsync(sqlite: false);
        _api = new IdentityApi(_host);
        _client = _host.CreateClient();
        _token = (await _api.CreateUserAndLoginAsync("owner", "owner-password-1234")).AccessToken;
        var device = await _api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/v1/devices", Present.Bearer(_token), new
        {
            name = "Typed",
            fields = new object[] { new { name = "temp", type = "number", required = true }, new { name = "label", type = "string" } },
        });
        _device = device.GetProperty("id").GetString()!;
        await SendAsync(HttpMethod.Post, $"/v1/devices/{_device}/messages", """{"data":{"temp":1}}""", HttpStatusCode.Created);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        _api.Dispose();
        await _host.DisposeAsync();
    }

    public static TheoryData<string, string, string, HttpStatusCode, string> NativeCases => new()
    {
        // name, content type, body, status, a word the detail must hold
        { "malformed JSON", "application/json", """{"data":{"temp":1}""", HttpStatusCode.BadRequest, "JSON" },
        { "not an object", "application/json", "[1,2]", HttpStatusCode.BadRequest, "JSON" },
        { "no data", "application/json", """{"ts":1}""", HttpStatusCode.BadRequest, "data" },
        { "null data", "application/json", """{"data":null}""", HttpStatusCode.BadRequest, "data" },
        { "unknown member", "application/json", """{"data":{"temp":1},"extra":1}""", HttpStatusCode.BadRequest, "extra" },
        { "text instead of a number", "application/json", """{"data":{"temp":"hot"}}""", HttpStatusCode.BadRequest, "temp" },
        { "number instead of text", "application/json", """{"data":{"temp":1,"label":5}}""", HttpStatusCode.BadRequest, "label" },
        { "required field missing", "application/json", """{"data":{"label":"x"}}""", HttpStatusCode.BadRequest, "temp" },
        { "typed device, scalar data", "application/json", """{"data":"payload"}""", HttpStatusCode.BadRequest, "object" },
        { "bad ts", "application/json", """{"data":{"temp":1},"ts":"yesterday"}""", HttpStatusCode.BadRequest, "ts" },
        { "ts in the far future", "application/json", """{"data":{"temp":1},"ts":32503680000000}""", HttpStatusCode.BadRequest, "timestamp" },
        { "text/plain", "text/plain", """{"data":{"temp":1}}""", HttpStatusCode.UnsupportedMediaType, "application/json" },
        { "oversized", "application/json", """{"data":{"temp":1,"label":"BIG"}}""", HttpStatusCode.RequestEntityTooLarge, "bytes" },
    };

    [Theory]
    [MemberData(nameof(NativeCases))]
    public async Task Native_publish_refuses_with_a_problem_and_the_history_is_unchanged(string name, string contentType, string body, HttpStatusCode status, string word)
    {
        var before = await HistoryAsync();
        body = body.Replace("BIG", new string('x', 70 * 1024), StringComparison.Ordinal);

        using var response = await SendRawAsync(HttpMethod.Post, $"/v1/devices/{_device}/messages", contentType, body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{name}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Contains(word, problem.RootElement.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await HistoryAsync());
    }

    [Fact]
    public async Task Unknown_devices_are_404_on_every_data_endpoint()
    {
        const string nobody = "0123456789abcdef0123456789abcdef";
        await SendAsync(HttpMethod.Post, $"/v1/devices/{nobody}/messages", """{"data":{"temp":1}}""", HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Get, $"/v1/devices/{nobody}/messages", null, HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Get, $"/v1/devices/{nobody}/series/latest", null, HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Get, $"/v1/devices/{nobody}/series", null, HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Get, "/api/sensors/owner.nothing", null, HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Get, $"/thngs/{nobody}", null, HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Get, "/v1/device-types/dt0123456789abcdef0123456789abcdef", null, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?to=2026-11-22T12:00:00", "to")] // no offset
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=1001", "limit")]
    [InlineData("?order=random", "order")]
    [InlineData("?cursor=bogus", "cursor")]
    [InlineData("?format=xml", "format")]
    public async Task Bad_history_queries_are_400_naming_the_parameter(string query, string word)
    {
        var problem = await SendAsync(HttpMethod.Get, $"/v1/devices/{_device}/messages{query}", null, HttpStatusCode.BadRequest);
        Assert.Contains(word, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("?interval=5x", "interval")]
    [InlineData("?interval=0m", "interval")]
    [InlineData("?from=1795345200000&to=1795345100000", "range")]
    [InlineData("?from=0&to=1795345200000&interval=1s", "intervals")]
    public async Task Bad_series_queries_are_400_naming_the_problem(string query, string word)
    {
        var problem = await SendAsync(HttpMethod.Get, $"/v1/devices/{_device}/series{query}", null, HttpStatusCode.BadRequest);
        Assert.Contains(word, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("malformed JSON", "application/json", """{"sdid":"DEVICE","data":""", HttpStatusCode.BadRequest)]
    [InlineData("text/plain", "text/plain", """{"sdid":"DEVICE","data":{"temp":1}}""", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("type mismatch", "application/json", """{"sdid":"DEVICE","data":{"temp":"hot"}}""", HttpStatusCode.BadRequest)]
    [InlineData("no sdid", "application/json", """{"data":{"temp":1}}""", HttpStatusCode.BadRequest)]
    [InlineData("unknown sdid", "application/json", """{"sdid":"0123456789abcdef0123456789abcdef","data":{"temp":1}}""", HttpStatusCode.NotFound)]
    [InlineData("oversized", "application/json", """{"sdid":"DEVICE","data":{"temp":1,"label":"BIG"}}""", HttpStatusCode.RequestEntityTooLarge)]
    public async Task Artik_refuses_in_its_envelope_and_the_history_is_unchanged(string name, string contentType, string body, HttpStatusCode status)
    {
        var before = await HistoryAsync();
        body = body.Replace("DEVICE", _device, StringComparison.Ordinal).Replace("BIG", new string('x', 70 * 1024), StringComparison.Ordinal);

        var response = await SendRawAsync(HttpMethod.Post, "/v1.1/message", contentType, body);

        Assert.True(response.StatusCode == status, $"{name}: expected {(int)status}, got {(int)response.StatusCode}");
        await ArtikMessageSeedTests.ExpectArtikErrorAsync(response, status);
        Assert.Equal(before, await HistoryAsync());
    }

    [Fact]
    public async Task The_type_mismatch_error_names_the_field_on_artik_too()
    {
        using var response = await SendRawAsync(HttpMethod.Post, "/v1.1/message", "application/json", $$$"""{"sdid":"{{{_device}}}","data":{"temp":"hot"}}""");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("'temp'", body.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/thngs", """{"name":"Fridge",""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("/thngs", """{"name":"Fridge"}""", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("/thngs", """{"name":"Fridge","location":{"latitude":"north","longitude":1}}""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("/thngs", """{"name":"BIG"}""", "application/json", HttpStatusCode.RequestEntityTooLarge)]
    [InlineData("/api/sensors", """{"name":"s1","longName":"S",""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("/api/sensors", """{"name":"s1","longName":"S"}""", "text/xml", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("/api/sensors", """{"name":"s1","longName":"S","fields":[{"name":"v","type":"DATE"}]}""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("/api/sensors", """{"name":"BIG","longName":"S"}""", "application/json", HttpStatusCode.RequestEntityTooLarge)]
    public async Task Evrythng_and_wotkit_creates_refuse_with_a_problem(string path, string body, string contentType, HttpStatusCode status)
    {
        body = body.Replace("BIG", new string('x', 1024 * 1024 + 10), StringComparison.Ordinal);
        using var response = await SendRawAsync(HttpMethod.Post, path, contentType, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<string> HistoryAsync()
    {
        var page = await SendAsync(HttpMethod.Get, $"/v1/devices/{_device}/messages?limit=1000", null, HttpStatusCode.OK);
        return string.Join(",", page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("mid").GetString()));
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string? body, HttpStatusCode expected)
    {
        using var response = await SendRawAsync(method, path, "application/json", body);
        return await IdentityApi.ExpectAsync(expected, response, $"{method} {path}");
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, string contentType, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType) { CharSet = "utf-8" };
        }
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _token);
        return await _client.SendAsync(request);
    }
}
