namespace Gatehouse.Grains.Messages;

/// <summary>Device messages, their store and live feeds, bound from <c>Gatehouse:Messages</c>.</summary>
public sealed class MessageOptions
{
    public const string SectionName = "Gatehouse:Messages";

    /// <summary>
    /// How long a live-feed subscription lasts unless renewed. Gateways renew at a third of it, so
    /// a gateway that died is forgotten within this time. Default 2 minutes.
    /// </summary>
    public TimeSpan FeedSubscriptionLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long messages are kept, by their series time (<see cref="DeviceMessage.Timestamp"/>);
    /// older ones are deleted with their rollups and latest values. Default null: kept forever,
    /// because deleting a customer's data is a decision the operator makes (and sizes the disk
    /// for), never one a default makes for them.
    /// </summary>
    public TimeSpan? Retention { get; set; }

    /// <summary>How often a silo deletes messages older than <see cref="Retention"/>. Default 1 hour.</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The most messages of one device a retention transaction deletes, so a sweep never holds the
    /// store's write lock for long (appends wait for it on SQLite). Default 5,000.
    /// </summary>
    public int RetentionChunkSize { get; set; } = 5_000;

    /// <summary>
    /// The most messages the SQL stores commit in one transaction. The writer never waits to fill
    /// a batch; it takes what is queued, up to this many. Default 2,048.
    /// </summary>
    public int StoreMaxBatchSize { get; set; } = 2_048;

    /// <summary>
    /// How many appends may wait for the SQL stores' writer; when full, appends wait for room
    /// (back-pressure on publishers) rather than drop messages. Default 16,384.
    /// </summary>
    public int StoreQueueCapacity { get; set; } = 16_384;
}
