using Microsoft.Extensions.Logging;

namespace Gatehouse.Grains.Identity.TwoFactor;

/// <summary>
/// Log lines of the SMS senders. They take the masked number only, never the text: the text is
/// a login code, and logs travel further than the outbox file.
/// </summary>
internal static partial class SmsLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "SMS queued to outbox for {MaskedNumber}")]
    public static partial void QueuedToOutbox(ILogger logger, string maskedNumber);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "SMS sent through the webhook for {MaskedNumber}")]
    public static partial void SentToWebhook(ILogger logger, string maskedNumber);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "SMS webhook refused the message for {MaskedNumber}: HTTP {StatusCode}")]
    public static partial void WebhookRefused(ILogger logger, string maskedNumber, int statusCode);
}
