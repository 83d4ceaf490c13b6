using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Gatehouse.Grains.Identity.TwoFactor;
using Microsoft.Extensions.Options;

namespace Gatehouse.Identity.Tests.TwoFactor;

public sealed class WebhookSmsSenderTests
{
    private readonly RecordingLogger<WebhookSmsSender> _logger = new();

    [Fact]
    public async Task PostsToAndText_AsJson()
    {
        await using var server = await SmsWebhookServer.StartAsync();
        using var http = new HttpClient();
        var sender = CreateSender(http, new Uri(server.Address, "/sms/send?account=42").ToString());

        await sender.SendAsync(new SmsMessage("+46701234512", "Your Gatehouse code is 493817"), CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/sms/send?account=42", request.PathAndQuery);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(["to", "text"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("+46701234512", body.RootElement.GetProperty("to").GetString());
        Assert.Equal("Your Gatehouse code is 493817", body.RootElement.GetProperty("text").GetString());
        Assert.Equal("", request.Authorization);
        Assert.Equal("Information: SMS sent through the webhook for +46*******12", Assert.Single(_logger.Lines));
    }

    [Fact]
    public async Task ConfiguredAuthorization_IsSent()
    {
        await using var server = await SmsWebhookServer.StartAsync();
        using var http = new HttpClient();
        var sender = CreateSender(http, server.Address.ToString(), authorization: "Bearer gateway-token");

        await sender.SendAsync(new SmsMessage("+46701234512", "code"), CancellationToken.None);

        Assert.Equal("Bearer gateway-token", Assert.Single(server.Requests).Authorization);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Non2xx_FailsClearly_WithoutTheTextOrTheQuery(int status)
    {
        await using var server = await SmsWebhookServer.StartAsync();
        server.StatusCode = status;
        using var http = new HttpClient();
        var sender = CreateSender(http, new Uri(server.Address, "/send?api_key=s3cret").ToString());

        var ex = await Assert.ThrowsAsync<SmsDeliveryException>(() =>
            sender.SendAsync(new SmsMessage("+46701234512", "Your Gatehouse code is 493817"), CancellationToken.None));

        Assert.Contains($"HTTP {status}", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"{server.Address.Authority}/send", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("493817", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_logger.Lines, line => line.Contains("493817", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnreachableGateway_FailsWithSmsDeliveryException()
    {
        // A port that was free a moment ago: nothing listens there.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var http = new HttpClient();
        var sender = CreateSender(http, $"http://127.0.0.1:{port}/send");

        var ex = await Assert.ThrowsAsync<SmsDeliveryException>(() =>
            sender.SendAsync(new SmsMessage("+46701234512", "code 493817"), CancellationToken.None));
        Assert.IsType<HttpRequestException>(ex.InnerException);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/relative")]
    [InlineData("ftp://example.com/sms")]
    public void InvalidUrl_IsRefusedAtConstruction(string? url)
    {
        using var http = new HttpClient();
        var ex = Assert.Throws<InvalidOperationException>(() => CreateSender(http, url));
        Assert.Contains("Gatehouse:Sms:WebhookUrl", ex.Message, StringComparison.Ordinal);
    }

    private WebhookSmsSender CreateSender(HttpClient http, string? url, string? authorization = null) =>
        new(http, Options.Create(new SmsOptions { Sender = "Webhook", WebhookUrl = url, WebhookAuthorization = authorization }), _logger);
}
