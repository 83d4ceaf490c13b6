namespace Gatehouse.Grains.Messages;

/// <summary>Device messages and live feeds, bound from <c>Gatehouse:Messages</c>.</summary>
public sealed class MessageOptions
{
    public const string SectionName = "Gatehouse:Messages";

    /// <summary>
    /// How long a live-feed subscription lasts unless renewed. Gateways renew at a third of it, so
    /// a gateway that died is forgotten within this time. Default 2 minutes.
    /// </summary>
    public TimeSpan FeedSubscriptionLifetime { get; set; } = TimeSpan.FromMinutes(2);
}
