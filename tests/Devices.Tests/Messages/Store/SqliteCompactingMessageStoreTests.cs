using Gatehouse.Grains.Messages;

namespace Gatehouse.Devices.Tests.Messages.Store;

/// <summary>
/// Every contract test again on SQLite with an inbox limit of one: each batch first compacts the
/// inbox, so reads always see all but the newest batch compacted (clustered rows and rollups) and
/// the newest in the inbox, where the default settings leave nearly everything in the inbox.
/// </summary>
public sealed class SqliteCompactingMessageStoreTests : SqliteMessageStoreTests
{
    protected override void Configure(MessageOptions options)
    {
        options.SqliteInboxLimit = 1;
        options.SqliteCompactionInterval = Timeout.InfiniteTimeSpan;
    }
}
