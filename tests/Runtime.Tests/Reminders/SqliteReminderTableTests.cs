using Gatehouse.Runtime.Persistence.Sqlite;
using Gatehouse.Runtime.Reminders;
using Gatehouse.Runtime.Reminders.Sqlite;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Runtime.Tests.Reminders;

public sealed class SqliteReminderTableTests : ReminderTableContractTests
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gatehouse-tests", Guid.NewGuid().ToString("N"));

    private SqliteStorageOptions Options => new() { DataDirectory = _root };

    protected override async Task<IReminderTable> CreateTableAsync(string serviceId)
    {
        await new SqliteSchemaInitializer(Options).ExecuteAsync(CancellationToken.None);
        return new SqliteReminderTable(Options, serviceId);
    }

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Reminders_survive_recreating_the_table_on_the_same_file()
    {
        var grain = new GrainId("test.device", "a");
        var etag = await Table.UpsertAsync(new ReminderEntry(grain, "tick", DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1), grain.GetUniformHashCode()));
        SqliteConnection.ClearAllPools();

        var reopened = await CreateTableAsync(ServiceId);

        Assert.Equal(etag, (await reopened.ReadAsync(grain, "tick"))!.ETag);
        Assert.True(File.Exists(Path.Combine(_root, "gatehouse.db")));
    }
}
