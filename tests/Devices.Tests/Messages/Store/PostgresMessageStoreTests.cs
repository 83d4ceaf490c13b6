using Gatehouse.Grains.Messages;
using Gatehouse.Grains.Messages.Postgres;
using Gatehouse.Runtime.Persistence.Postgres;
using Gatehouse.Tests.Hosting;
using Npgsql;

namespace Gatehouse.Devices.Tests.Messages.Store;

[Collection(PostgresFixture.Collection)]
public sealed class PostgresMessageStoreTests(PostgresFixture postgres) : SqlMessageStoreContractTests
{
    private string? _connectionString;

    // Retention sweeps a whole service, so each test keeps to its own in the shared database.
    private readonly string _serviceId = "message-tests-" + Guid.NewGuid().ToString("N")[..8];

    private PostgresStorageOptions Storage => new() { ConnectionString = _connectionString };

    public override async Task InitializeAsync()
    {
        _connectionString = await postgres.GetDatabaseAsync("message_store_tests");
        await base.InitializeAsync();
    }

    protected override async Task<IMessageStore> CreateStoreAsync(MessageOptions options)
    {
        await new PostgresMessageSchemaInitializer(Storage).ExecuteAsync(CancellationToken.None);
        return new PostgresMessageStore(Storage, _serviceId, options);
    }

    protected override async Task<IAsyncDisposable> BlockWritesAsync()
    {
        // Retention's exclusive lock: every batch takes it shared, so none can proceed.
        var connection = await OpenRawAsync();
        await using (var command = new NpgsqlCommand("BEGIN; SELECT pg_advisory_xact_lock(@key)", connection))
        {
            command.Parameters.AddWithValue("key", PostgresMessageStore.RetentionLockKey);
            await command.ExecuteNonQueryAsync();
        }
        return new Held(connection);
    }

    protected override async Task PoisonAsync(string mid)
    {
        await using var connection = await OpenRawAsync();
        await using var command = new NpgsqlCommand("""
            CREATE TABLE IF NOT EXISTS message_poison (mid TEXT PRIMARY KEY);
            CREATE OR REPLACE FUNCTION message_poison_check() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF EXISTS (SELECT 1 FROM message_poison WHERE mid = NEW.mid) THEN
                    RAISE EXCEPTION 'poisoned message %', NEW.mid;
                END IF;
                RETURN NEW;
            END;
            $$;
            CREATE OR REPLACE TRIGGER message_poison BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION message_poison_check();
            INSERT INTO message_poison (mid) VALUES (@mid);
            """, connection);
        command.Parameters.AddWithValue("mid", mid);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<long> CountStoredAsync(string deviceId)
    {
        await using var connection = await OpenRawAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM messages JOIN message_devices USING (device_key) WHERE device_id = @device", connection);
        command.Parameters.AddWithValue("device", deviceId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<NpgsqlConnection> OpenRawAsync()
    {
        // Another application name is another pool: sessions the store has never used.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connectionString) { ApplicationName = "message-test-reader" }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private sealed class Held(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (var commit = new NpgsqlCommand("COMMIT", connection))
            {
                await commit.ExecuteNonQueryAsync();
            }
            await connection.DisposeAsync();
        }
    }
}
