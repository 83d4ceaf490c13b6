using System.Net;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Identity.Tests.Cors;

/// <summary>CORS to the spec (Fetch standard): preflight, actual requests, allowed origins; ARTIK's fixed headers.</summary>
public sealed class CorsTests
{
    [Fact]
    public async Task Preflight_IsAnsweredWithoutCredentials_ForAnyOriginByDefault()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var client = host.CreateClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/thngs");
        preflight.Headers.Add("Origin", "https://app.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");

        var response = await client.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Header(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.Contains("authorization", Header(response, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("600", Header(response, "Access-Control-Max-Age"));
    }

    [Fact]
    public async Task ActualRequests_CarryAllowOrigin_AndExposeTheHeadersClientsRead()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/me");
        request.Headers.Add("Origin", "https://app.example.com");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("WWW-Authenticate", Header(response, "Access-Control-Expose-Headers"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredOrigins_AreAllowed_AndOthersGetNoCorsHeaders()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false, settings: new Dictionary<string, string?>
        {
            ["Gatehouse:Cors:AllowedOrigins:0"] = "https://app.example.com",
        });
        using var client = host.CreateClient();

        var allowed = await client.SendAsync(Preflight("https://app.example.com"));
        var refused = await client.SendAsync(Preflight("https://evil.example.net"));

        Assert.Equal("https://app.example.com", Header(allowed, "Access-Control-Allow-Origin"));
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task ArtikPaths_SendTheSeedsHeaders_OnEveryResponse()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var client = host.CreateClient();

        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/v1.1/message"));

        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("Origin, X-Requested-With, Content-Type, Accept, Referer, User-Agent, Authorization", Header(response, "Access-Control-Allow-Headers"));
        Assert.Equal("POST, GET, PUT, DELETE, OPTIONS", Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("*", Header(response, "Allow"));
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/v1/me");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        return request;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"No {name} header; status {(int)response.StatusCode}.");
}
