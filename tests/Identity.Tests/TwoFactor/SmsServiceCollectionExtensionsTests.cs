using Gatehouse.Grains.Identity.TwoFactor;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Identity.Tests.TwoFactor;

public sealed class SmsServiceCollectionExtensionsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gatehouse-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Default_IsTheOutbox_ResolvableAsItself()
    {
        var outboxPath = Path.Combine(_root, "outbox.jsonl");
        await using var provider = Build(new() { ["Gatehouse:Sms:OutboxPath"] = outboxPath });

        var sender = provider.GetRequiredService<ISmsSender>();
        await sender.SendAsync(new SmsMessage("+46701234512", "code 1"), CancellationToken.None);

        var outbox = Assert.IsType<OutboxSmsSender>(sender);
        Assert.Same(outbox, provider.GetRequiredService<OutboxSmsSender>());
        Assert.Equal(outboxPath, outbox.OutboxPath);
        Assert.Equal("code 1", Assert.Single(outbox.GetRecentMessages()).Text);
    }

    [Theory]
    [InlineData("outbox")]
    [InlineData("OUTBOX")]
    public async Task SenderName_IsCaseInsensitive(string name)
    {
        await using var provider = Build(new() { ["Gatehouse:Sms:Sender"] = name, ["Gatehouse:Sms:OutboxPath"] = Path.Combine(_root, "o.jsonl") });

        Assert.IsType<OutboxSmsSender>(provider.GetRequiredService<ISmsSender>());
    }

    [Fact]
    public async Task Webhook_PostsThroughTheHttpClientFactory()
    {
        await using var server = await SmsWebhookServer.StartAsync();
        await using var provider = Build(new()
        {
            ["Gatehouse:Sms:Sender"] = "webhook",
            ["Gatehouse:Sms:WebhookUrl"] = new Uri(server.Address, "/sms").ToString(),
            ["Gatehouse:Sms:WebhookTimeout"] = "00:00:03",
        });

        var sender = provider.GetRequiredService<ISmsSender>();
        await sender.SendAsync(new SmsMessage("+46701234512", "code 2"), CancellationToken.None);

        Assert.IsType<WebhookSmsSender>(sender);
        Assert.Contains("code 2", Assert.Single(server.Requests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownSender_StopsRegistration_NamingTheChoices()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Build(new() { ["Gatehouse:Sms:Sender"] = "CarrierPigeon" }));

        Assert.Contains("'CarrierPigeon'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Gatehouse:Sms:Sender", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'Outbox'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'Webhook'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Webhook_WithoutUrl_StopsRegistration()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Build(new() { ["Gatehouse:Sms:Sender"] = "Webhook" }));

        Assert.Contains("Gatehouse:Sms:WebhookUrl", ex.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddGatehouseSms(configuration).BuildServiceProvider();
    }
}
