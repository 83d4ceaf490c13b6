namespace Gatehouse.Grains.Identity.TwoFactor;

/// <summary>Bound from <c>Gatehouse:Sms</c>; read by <see cref="SmsServiceCollectionExtensions.AddGatehouseSms"/>.</summary>
public sealed class SmsOptions
{
    public const string SectionName = "Gatehouse:Sms";

    public const string OutboxSender = "Outbox";
    public const string WebhookSender = "Webhook";

    /// <summary>
    /// Who delivers messages: <c>Outbox</c> (the default: nothing leaves the machine; messages are
    /// appended to <see cref="OutboxPath"/> for an operator or a test to read) or <c>Webhook</c>
    /// (POSTed to <see cref="WebhookUrl"/>, a real SMS gateway). Case-insensitive; any other value
    /// stops start-up with an error.
    /// </summary>
    public string Sender { get; set; } = OutboxSender;

    /// <summary>
    /// The outbox file, JSON lines, relative to the working directory. Default
    /// <c>./data/sms-outbox.jsonl</c>. Created owner-only (0600) on Unix because it holds live codes.
    /// </summary>
    public string OutboxPath { get; set; } = "./data/sms-outbox.jsonl";

    /// <summary>How many recent outbox messages are also kept in memory for reading back. Default 100.</summary>
    public int OutboxRecentCapacity { get; set; } = 100;

    /// <summary>Absolute http(s) URL that receives <c>POST {"to": …, "text": …}</c>. Required for <c>Webhook</c>; no default.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>
    /// Optional value for the webhook request's <c>Authorization</c> header (e.g. <c>Bearer …</c>),
    /// for gateways that authenticate callers. Default: no header.
    /// </summary>
    public string? WebhookAuthorization { get; set; }

    /// <summary>How long one webhook request may take. Default 10 seconds.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
