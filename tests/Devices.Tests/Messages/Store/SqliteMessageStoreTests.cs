using Gatehouse.Grains.Messages;
using Gatehouse.Grains.Messages.Sqlite;
using Gatehouse.Runtime.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using static Gatehouse.Devices.Tests.Messages.Store.StoreMessages;

namespace Gatehouse.Devices.Tests.Messages.Store;

public class SqliteMessageStoreTests : SqlMessageStoreContractTests
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gatehouse-message-tests", Guid.NewGuid().ToString("N"));

    private SqliteStorageOptions Storage => new() { DataDirectory = _root, FileName = "messages.db" };

    private string DatabasePath => Path.Combine(_root, "messages.db");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    protected override async Task<IMessageStore> CreateStoreAsync(MessageOptions options)
    {
        await new SqliteMessageSchemaInitializer(Storage).ExecuteAsync(CancellationToken.None);
        Configure(options);
        return new SqliteMessageStore(Storage, "message-tests", options);
    }

    /// <summary>Lets a subclass run every contract test with other store settings.</summary>
    protected virtual void Configure(MessageOptions options)
    {
    }

    protected override async Task<IAsyncDisposable> BlockWritesAsync()
    {
        var connection = await OpenRawAsync();
        await using (var begin = connection.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }
        return new WriteLock(connection);
    }

    protected override async Task PoisonAsync(string mid)
    {
        await using var connection = await OpenRawAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE TRIGGER poison_{mid} BEFORE INSERT ON message_inbox WHEN NEW.mid = '{mid}' BEGIN SELECT RAISE(ABORT, 'poisoned message'); END";
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<long> CountStoredAsync(string deviceId)
    {
        await using var connection = await OpenRawAsync();
        await using var command = connection.CreateCommand();
        // A message is in exactly one of the inbox and the compacted table.
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM messages JOIN message_devices USING (device_key) WHERE device_id = @device)
                 + (SELECT COUNT(*) FROM message_inbox JOIN message_devices USING (device_key) WHERE device_id = @device)
            """;
        command.Parameters.AddWithValue("@device", deviceId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Messages_live_in_a_wal_file_of_their_own()
    {
        await Store.AppendAsync(Message(Device, Day, Num("v", 1)));
        await using var connection = await OpenRawAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        command.CommandText = "SELECT MAX(version) FROM message_schema_version";
        Assert.Equal(SqliteMessageSchema.Migrations[^1].Version, (long)(await command.ExecuteScalarAsync())!);
        Assert.False(File.Exists(Path.Combine(_root, "gatehouse.db")));
    }

    // A plain connection: none of the store's pooling or pragmas, so it proves what is on disk.
    private async Task<SqliteConnection> OpenRawAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false, DefaultTimeout = 30 }.ConnectionString);
        await connection.OpenAsync();
        await using var busy = connection.CreateCommand();
        busy.CommandText = "PRAGMA busy_timeout = 10000";
        await busy.ExecuteNonQueryAsync();
        return connection;
    }

    private sealed class WriteLock(SqliteConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (var commit = connection.CreateCommand())
            {
                commit.CommandText = "COMMIT";
                await commit.ExecuteNonQueryAsync();
            }
            await connection.DisposeAsync();
        }
    }
}
