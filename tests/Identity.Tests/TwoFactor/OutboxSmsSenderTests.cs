using System.Runtime.Versioning;
using System.Text.Json;
using Gatehouse.Grains.Identity.TwoFactor;
using Gatehouse.TestingHost;
using Microsoft.Extensions.Options;

namespace Gatehouse.Identity.Tests.TwoFactor;

public sealed class OutboxSmsSenderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gatehouse-tests", Guid.NewGuid().ToString("N"));
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingLogger<OutboxSmsSender> _logger = new();

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task EachMessage_IsOneJsonLine_WithTimeNumberAndText()
    {
        var sender = CreateSender(Path.Combine(_root, "data", "sms-outbox.jsonl"));

        await sender.SendAsync(new SmsMessage("+46701234512", "Your Gatehouse code is 493817"), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        await sender.SendAsync(new SmsMessage("+15551234567", "Line one\nline \"two\""), CancellationToken.None);

        var lines = await File.ReadAllLinesAsync(sender.OutboxPath);
        Assert.Equal(2, lines.Length);
        Assert.Equal("""{"queuedAt":"2026-03-01T12:00:00+00:00","to":"+46701234512","text":"Your Gatehouse code is 493817"}""", lines[0]);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("+15551234567", second.RootElement.GetProperty("to").GetString());
        Assert.Equal("Line one\nline \"two\"", second.RootElement.GetProperty("text").GetString());
        Assert.Equal(_time.GetUtcNow(), second.RootElement.GetProperty("queuedAt").GetDateTimeOffset());
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task OutboxFile_IsOwnerOnly_AndSoIsADirectoryItCreates()
    {
        var directory = Path.Combine(_root, "fresh");
        var sender = CreateSender(Path.Combine(directory, "outbox.jsonl"));

        await sender.SendAsync(new SmsMessage("+46701234512", "code 1"), CancellationToken.None);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(sender.OutboxPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
    }

    [Fact]
    public async Task ExistingOutbox_IsAppendedTo_NotReplaced()
    {
        Directory.CreateDirectory(_root);
        var path = Path.Combine(_root, "outbox.jsonl");
        await File.WriteAllTextAsync(path, "{\"earlier\":true}\n");
        var sender = CreateSender(path);

        await sender.SendAsync(new SmsMessage("+46701234512", "code 2"), CancellationToken.None);

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal("{\"earlier\":true}", lines[0]);
        Assert.Contains("code 2", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecentMessages_KeepTheLastN_OldestFirst()
    {
        var sender = CreateSender(Path.Combine(_root, "outbox.jsonl"), capacity: 3);

        for (var i = 1; i <= 5; i++)
        {
            await sender.SendAsync(new SmsMessage("+46701234512", $"code {i}"), CancellationToken.None);
        }

        Assert.Equal(["code 3", "code 4", "code 5"], sender.GetRecentMessages().Select(m => m.Text));
        Assert.Equal(5, (await File.ReadAllLinesAsync(sender.OutboxPath)).Length);
    }

    [Fact]
    public async Task ConcurrentSends_EachWriteOneWholeLine()
    {
        var sender = CreateSender(Path.Combine(_root, "outbox.jsonl"));

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(() => sender.SendAsync(new SmsMessage("+46701234512", $"code {i:D3}"), CancellationToken.None))));

        var texts = (await File.ReadAllLinesAsync(sender.OutboxPath))
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"code {i:D3}"), texts);
        Assert.Equal(50, sender.GetRecentMessages().Count);
    }

    [Fact]
    public async Task Log_NamesTheMaskedNumber_NeverTheText()
    {
        var sender = CreateSender(Path.Combine(_root, "outbox.jsonl"));

        await sender.SendAsync(new SmsMessage("+46701234512", "Your Gatehouse code is 493817"), CancellationToken.None);

        var line = Assert.Single(_logger.Lines);
        Assert.Equal("Information: SMS queued to outbox for +46*******12", line);
    }

    [Fact]
    public async Task UnwritableOutbox_FailsWithSmsDeliveryException()
    {
        Directory.CreateDirectory(_root);
        var blocker = Path.Combine(_root, "not-a-directory");
        await File.WriteAllTextAsync(blocker, "");
        var sender = CreateSender(Path.Combine(blocker, "outbox.jsonl"));

        var ex = await Assert.ThrowsAsync<SmsDeliveryException>(() =>
            sender.SendAsync(new SmsMessage("+46701234512", "code 493817"), CancellationToken.None));
        Assert.DoesNotContain("493817", ex.Message, StringComparison.Ordinal);
        Assert.Empty(sender.GetRecentMessages());
    }

    [Fact]
    public void DefaultOptions_AreTheDocumentedOnes()
    {
        var options = new SmsOptions();

        Assert.Equal("Outbox", options.Sender);
        Assert.Equal("./data/sms-outbox.jsonl", options.OutboxPath);
        Assert.Equal(100, options.OutboxRecentCapacity);
        Assert.Null(options.WebhookUrl);
        Assert.Equal(TimeSpan.FromSeconds(10), options.WebhookTimeout);
    }

    private OutboxSmsSender CreateSender(string path, int capacity = 100) =>
        new(Options.Create(new SmsOptions { OutboxPath = path, OutboxRecentCapacity = capacity }), _time, _logger);
}
