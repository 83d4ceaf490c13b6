namespace Gatehouse.Grains.Identity.TwoFactor;

/// <summary>One line of the SMS outbox file (<c>{"queuedAt":…,"to":…,"text":…}</c>) and one entry of its in-memory tail.</summary>
public sealed record OutboxSmsEntry(DateTimeOffset QueuedAt, string To, string Text)
{
    // Keeps the code out of logs that format an entry; the generated ToString would print Text.
    public override string ToString() => $"OutboxSmsEntry {{ QueuedAt = {QueuedAt:O}, To = {PhoneNumberMask.Mask(To)} }}";
}
