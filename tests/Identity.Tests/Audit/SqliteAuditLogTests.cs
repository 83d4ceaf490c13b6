using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Audit.Sqlite;
using Gatehouse.Runtime.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Identity.Tests.Audit;

public sealed class SqliteAuditLogTests : SqlAuditLogContractTests
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gatehouse-audit-tests", Guid.NewGuid().ToString("N"));

    private SqliteStorageOptions Storage => new() { DataDirectory = _root };

    private string DatabasePath => Path.Combine(_root, "gatehouse.db");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    protected override async Task<IAuditLog> CreateLogAsync(string serviceId, AuditLogOptions? options)
    {
        await new SqliteSchemaInitializer(Storage).ExecuteAsync(CancellationToken.None);
        return new SqliteAuditLog(Storage, serviceId, options, Clock);
    }

    protected override async Task<long> CountStoredAsync(string serviceId, string subjectId)
    {
        await using var connection = await OpenRawAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM audit_log WHERE service_id = @service AND subject_id = @subject";
        command.Parameters.AddWithValue("@service", serviceId);
        command.Parameters.AddWithValue("@subject", subjectId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = await OpenRawAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Events_survive_closing_and_reopening_the_file_and_sequences_keep_growing()
    {
        await Log.AppendAsync(Event("before"));
        var before = Assert.Single((await Log.QueryAsync(new AuditQuery())).Events);
        await ((IAsyncDisposable)Log).DisposeAsync();
        SqliteConnection.ClearAllPools();

        await using var reopened = (SqliteAuditLog)await CreateLogAsync(ServiceId, null);
        await reopened.AppendAsync(Event("after"));

        var events = (await reopened.QueryAsync(new AuditQuery())).Events;
        Assert.Equal(["before", "after"], events.Select(e => e.Details["marker"]));
        Assert.Equal(before.Sequence, events[0].Sequence);
        Assert.True(events[1].Sequence > events[0].Sequence);
    }

    [Fact]
    public async Task The_file_is_in_wal_mode_with_the_append_only_triggers_installed()
    {
        await using var connection = await OpenRawAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log' ORDER BY name";
        var triggers = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                triggers.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["audit_log_no_delete", "audit_log_no_update"], triggers);
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    // A plain connection: none of the provider's pooling or pragmas, so it proves what is on disk.
    private async Task<SqliteConnection> OpenRawAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
