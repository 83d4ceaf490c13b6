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

    /// <summary>
    /// SQLite: how often the compactor moves acknowledged messages from the append-ordered inbox
    /// into the device-clustered tables and rollups. Longer gathers more messages per device into
    /// one sorted chunk (cheaper per message) but leaves more rows for reads to merge. Default 1 s;
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns the loop off (only <see cref="SqliteInboxLimit"/> compacts).
    /// </summary>
    public TimeSpan SqliteCompactionInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>SQLite: the most inbox rows one compaction transaction moves. Default 16,384.</summary>
    public int SqliteCompactionChunkSize { get; set; } = 16_384;

    /// <summary>
    /// SQLite: when the inbox holds this many rows, each append batch first compacts a chunk
    /// itself (back-pressure: appends slow down rather than the inbox, and every read's merge,
    /// growing without bound). Default 65,536.
    /// </summary>
    public int SqliteInboxLimit { get; set; } = 65_536;
}
