using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Messages;
using Gatehouse.Grains.Messages.Memory;
using Gatehouse.Grains.Messages.Sqlite;
using Gatehouse.Runtime.Persistence.Sqlite;
using Gatehouse.TestingHost;
using Microsoft.Data.Sqlite;
using static Gatehouse.Devices.Tests.Messages.Store.StoreMessages;

namespace Gatehouse.Devices.Tests.Messages.Store;

/// <summary>
/// What the SQLite store's inbox adds (docs/architecture.md, "Message store"): acknowledged
/// messages wait in an append-ordered inbox until the compactor moves them into the clustered
/// tables. Whatever part is compacted, every read must equal the memory store's answer for the
/// same messages, a store abandoned mid-way (a crash) must lose or repeat nothing, and the inbox
/// must stay bounded when the compactor does not run.
/// </summary>
public sealed class SqliteMessageInboxTests : IAsyncLifetime
{
    private const string DeviceA = "inbox-a";
    private const string DeviceB = "inbox-b";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gatehouse-inbox-tests", Guid.NewGuid().ToString("N"));
    private readonly List<SqliteMessageStore> _stores = [];

    private SqliteStorageOptions Storage => new() { DataDirectory = _root, FileName = "messages.db" };

    public Task InitializeAsync() => new SqliteMessageSchemaInitializer(Storage).ExecuteAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Reads_equal_the_uncompacted_answer_however_much_is_compacted()
    {
        var sqlite = Open(new MessageOptions { SqliteCompactionInterval = Timeout.InfiniteTimeSpan });
        var memory = new MemoryMessageStore();
        var sent = Spread(DeviceA, 90).Concat(Spread(DeviceB, 30)).ToList();

        // Thirds: all in the inbox, then part compacted (the inbox holds the newest), then all compacted.
        await AppendAsync([sqlite, memory], sent.Take(40));
        await AssertSameReadsAsync(memory, sqlite);
        await sqlite.CompactAsync();
        await AppendAsync([sqlite, memory], sent.Skip(40).Take(40));
        Assert.True(await CountAsync("message_inbox") > 0);
        Assert.True(await CountAsync("messages") > 0);
        await AssertSameReadsAsync(memory, sqlite);
        await AppendAsync([sqlite, memory], sent.Skip(80));
        Assert.Equal(80, await sqlite.CompactAsync());
        Assert.Equal(0, await CountAsync("message_inbox"));
        await AssertSameReadsAsync(memory, sqlite);
    }

    [Fact]
    public async Task A_page_cursor_survives_compaction_between_pages()
    {
        var sqlite = Open(new MessageOptions { SqliteCompactionInterval = Timeout.InfiniteTimeSpan });
        var sent = Spread(DeviceA, 50).ToList();
        await AppendAsync([sqlite], sent.Take(25));
        await sqlite.CompactAsync();
        await AppendAsync([sqlite], sent.Skip(25));
        foreach (var descending in new[] { false, true })
        {
            var seen = new List<string>();
            string? cursor = null;
            do
            {
                var page = await sqlite.ReadAsync(DeviceA, new MessageRange { Limit = 7, Cursor = cursor, Descending = descending });
                seen.AddRange(page.Messages.Select(m => m.Mid));
                cursor = page.NextCursor;
                await sqlite.CompactAsync();
            }
            while (cursor is not null);
            var expected = sent.OrderBy(m => m.Message.Timestamp).Select(m => m.Message.Mid).ToList();
            Assert.Equal(descending ? Enumerable.Reverse(expected) : expected, seen);

            // Put half back into the inbox for the second direction's walk.
            await AppendAsync([sqlite], [Message(DeviceB, Day, Num("x", 1))]);
        }
    }

    [Fact]
    public async Task Deletes_remove_messages_from_the_inbox_and_the_compacted_tables_alike()
    {
        var sqlite = Open(new MessageOptions { SqliteCompactionInterval = Timeout.InfiniteTimeSpan });
        var memory = new MemoryMessageStore();
        var sent = Spread(DeviceA, 60).Concat(Spread(DeviceB, 60)).ToList();
        await AppendAsync([sqlite, memory], sent.Where((_, i) => i % 2 == 0));
        await sqlite.CompactAsync();
        await AppendAsync([sqlite, memory], sent.Where((_, i) => i % 2 == 1));

        // The cut falls inside a minute whose values are partly compacted (rolled up) and partly in the inbox.
        var cutoff = Day.AddMinutes(2).AddSeconds(17);
        Assert.Equal(await memory.DeleteOlderThanAsync(cutoff), await sqlite.DeleteOlderThanAsync(cutoff));
        await AssertSameReadsAsync(memory, sqlite);
        await sqlite.CompactAsync();
        await AssertSameReadsAsync(memory, sqlite);

        await AppendAsync([sqlite, memory], Spread(DeviceA, 10, start: Day.AddMinutes(9)));
        Assert.Equal(await memory.DeleteDeviceAsync(DeviceA), await sqlite.DeleteDeviceAsync(DeviceA));
        Assert.Empty((await sqlite.ReadAsync(DeviceA, new MessageRange())).Messages);
        Assert.Empty(await sqlite.LatestAsync(DeviceA));
        await AssertSameReadsAsync(memory, sqlite);
    }

    [Fact]
    public async Task A_store_abandoned_before_compaction_loses_and_repeats_nothing()
    {
        var crashed = new SqliteMessageStore(Storage, "message-tests", new MessageOptions { SqliteCompactionInterval = Timeout.InfiniteTimeSpan });
        var memory = new MemoryMessageStore();
        var sent = Spread(DeviceA, 40).ToList();
        await AppendAsync([crashed, memory], sent.Take(20));
        await crashed.CompactAsync();
        await AppendAsync([crashed, memory], sent.Skip(20));

        // No dispose: the process "died" with acknowledged messages in the inbox. A new store
        // (a restarted silo) sees each exactly once, before and after compacting them.
        SqliteConnection.ClearAllPools();
        var reopened = Open(new MessageOptions { SqliteCompactionInterval = Timeout.InfiniteTimeSpan });
        await AssertSameReadsAsync(memory, reopened);
        Assert.Equal(20, await reopened.CompactAsync());
        await AssertSameReadsAsync(memory, reopened);
        Assert.Equal(40, await CountAsync("messages"));
        Assert.Equal(0, await CountAsync("message_inbox"));
        _stores.Add(crashed);
    }

    [Fact]
    public async Task Appends_compact_the_inbox_themselves_when_it_reaches_its_limit()
    {
        var sqlite = Open(new MessageOptions { SqliteCompactionInterval = Timeout.InfiniteTimeSpan, SqliteInboxLimit = 10, SqliteCompactionChunkSize = 4 });
        var memory = new MemoryMessageStore();
        foreach (var message in Spread(DeviceA, 100))
        {
            await AppendAsync([sqlite, memory], [message]);
            Assert.True(await CountAsync("message_inbox") <= 10);
        }
        Assert.Equal(100, await CountAsync("messages") + await CountAsync("message_inbox"));
        Assert.True(await CountAsync("messages") >= 88);
        await AssertSameReadsAsync(memory, sqlite);
    }

    [Fact]
    public async Task The_compactor_loop_moves_the_inbox_on_its_own_clock()
    {
        var time = new ManualTimeProvider(Day);
        var sqlite = new SqliteMessageStore(Storage, "message-tests", new MessageOptions { SqliteCompactionInterval = TimeSpan.FromSeconds(1) }, time: time);
        _stores.Add(sqlite);
        await AppendAsync([sqlite], Spread(DeviceA, 5));
        Assert.Equal(5, await CountAsync("message_inbox"));
        time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 500 && await CountAsync("message_inbox") > 0; i++)
        {
            await Task.Delay(10); // the loop runs on the thread pool once the tick fired; bounded wait, no timing asserted
        }
        Assert.Equal(0, await CountAsync("message_inbox"));
        Assert.Equal(5, await CountAsync("messages"));
    }

    private SqliteMessageStore Open(MessageOptions options)
    {
        var store = new SqliteMessageStore(Storage, "message-tests", options);
        _stores.Add(store);
        return store;
    }

    /// <summary>Messages 7.3 s apart with two fields, so minutes hold several and cuts fall inside minutes.</summary>
    private static IEnumerable<StoredMessage> Spread(string device, int count, DateTimeOffset? start = null) =>
        Enumerable.Range(0, count).Select(i => Message(device, (start ?? Day) + TimeSpan.FromMilliseconds(7_300 * i), Num("t", i % 11), Num("h", 100 - i % 7)));

    private static async Task AppendAsync(IMessageStore[] stores, IEnumerable<StoredMessage> messages)
    {
        foreach (var message in messages)
        {
            foreach (var store in stores)
            {
                await store.AppendAsync(message);
            }
        }
    }

    private static async Task AssertSameReadsAsync(IMessageStore expected, IMessageStore actual)
    {
        foreach (var device in new[] { DeviceA, DeviceB })
        {
            foreach (var descending in new[] { false, true })
            {
                var range = new MessageRange { Limit = MessageRange.MaxLimit, Descending = descending, From = Day.AddMinutes(1).AddSeconds(3), To = Day.AddMinutes(20) };
                Assert.Equal(
                    (await expected.ReadAsync(device, range)).Messages.Select(m => m.Mid),
                    (await actual.ReadAsync(device, range)).Messages.Select(m => m.Mid));
            }
            Assert.Equal(Latest(await expected.LatestAsync(device)), Latest(await actual.LatestAsync(device)));
            foreach (var query in new[]
            {
                new SeriesQuery(Day, Day.AddMinutes(30).AddSeconds(20), TimeSpan.FromMinutes(1)), // rollups and a partial minute
                new SeriesQuery(Day.AddSeconds(5), Day.AddMinutes(30), TimeSpan.FromSeconds(40)), // raw only
            })
            {
                AssertSameBuckets(await expected.AggregateAsync(device, query), await actual.AggregateAsync(device, query));
            }
        }
    }

    private static IEnumerable<(string, FieldType, long, string, double?, string?, bool?)> Latest(IEnumerable<FieldValue> values) =>
        values.Select(v => (v.Field, v.Type, v.Timestamp.ToUnixTimeMilliseconds(), v.Mid, v.Number, v.Text, v.Boolean)).ToList();

    private async Task<long> CountAsync(string table)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_root, "messages.db"), Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
