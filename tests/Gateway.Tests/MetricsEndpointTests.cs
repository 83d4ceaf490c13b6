using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Gatehouse.Tests.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// <c>GET /metrics</c> on a started gateway: the Prometheus text format, no credential needed
/// (like <c>/healthz</c>), outside the OpenAPI description, nothing secret in it, and the
/// switches that turn it off or keep it to one port.
/// </summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_answers_200_in_the_text_format_0_0_4_without_a_credential()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var http = host.CreateClient();
        await host.LoginAdminAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/v1/me")).StatusCode);

        using var response = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var text = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(text.Value("gatehouse_http_requests_total", ("status_class", "2xx")) >= 1, "The login is not counted as a 2xx.");
        Assert.True(text.Value("gatehouse_http_requests_total", ("status_class", "4xx")) >= 1, "The refused /v1/me is not counted as a 4xx.");
        Assert.True(text.Value("gatehouse_grain_calls_total", ("location", "local"), ("outcome", "ok")) > 0, "The login made no counted grain call.");
        Assert.True(text.Value("gatehouse_storage_operations_total", ("store", "grain-state"), ("provider", "MemoryGrainStorage"), ("operation", "write")) > 0);
        Assert.Equal(1, text.Value("gatehouse_cluster_active_silos"));
        Assert.True(text.Value("gatehouse_activations") > 0);
        Assert.Equal("histogram", text.Families["gatehouse_grain_call_duration_seconds"].Type);
        Assert.True(text.Value("process_resident_memory_bytes") > 0);
    }

    [Fact]
    public async Task A_credential_in_a_query_string_or_header_never_appears_in_metrics()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var http = host.CreateClient();
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await http.GetAsync($"/v1/me?access_token={secret}");
        using var bearer = host.CreateClient(secret);
        await bearer.GetAsync("/v1/devices/some-device-id");

        var body = await http.GetStringAsync("/metrics");

        Assert.DoesNotContain(secret, body);
        Assert.DoesNotContain("access_token", body);
        Assert.DoesNotContain("/v1/", body);
        Assert.DoesNotContain("some-device-id", body);
    }

    [Fact]
    public async Task Metrics_is_outside_the_OpenAPI_description_like_the_probes()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var http = host.CreateClient();

        var document = await http.GetStringAsync("/openapi.json");

        Assert.DoesNotContain("\"/metrics\"", document);
        Assert.DoesNotContain("\"/healthz\"", document);
    }

    [Fact]
    public async Task Metrics_can_be_switched_off()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false, settings: new Dictionary<string, string?> { ["Gatehouse:Metrics:Enabled"] = "false" });
        using var http = host.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task With_a_metrics_port_only_that_listener_serves_metrics()
    {
        var metricsPort = FreeTcpPort();
        await using var host = await GatewayHost.StartAsync(sqlite: false, settings: new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:0;http://127.0.0.1:{metricsPort}",
            ["Gatehouse:Metrics:Port"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var addresses = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        var api = addresses.Single(a => a.Port != metricsPort);
        var monitoring = addresses.Single(a => a.Port == metricsPort);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        // A forged Host header naming the metrics port does not help: the check is the socket's local port.
        using var forged = new HttpRequestMessage(HttpMethod.Get, new Uri(api, "/metrics"));
        forged.Headers.Host = $"127.0.0.1:{metricsPort}";
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(forged)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(api, "/metrics"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(monitoring, "/metrics"))).StatusCode);
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
