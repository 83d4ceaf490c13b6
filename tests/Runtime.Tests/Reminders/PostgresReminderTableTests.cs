using Gatehouse.Runtime.Persistence.Postgres;
using Gatehouse.Runtime.Reminders;
using Gatehouse.Runtime.Reminders.Postgres;
using Gatehouse.Runtime.Tests.Persistence;

namespace Gatehouse.Runtime.Tests.Reminders;

[Collection(PostgresFixture.Collection)]
public sealed class PostgresReminderTableTests(PostgresFixture postgres) : ReminderTableContractTests
{
    private string? _connectionString;

    public override async Task InitializeAsync()
    {
        _connectionString = await postgres.GetDatabaseAsync("reminder_table_tests");
        await base.InitializeAsync();
    }

    protected override async Task<IReminderTable> CreateTableAsync(string serviceId)
    {
        var options = new PostgresStorageOptions { ConnectionString = _connectionString };
        await new PostgresSchemaInitializer(options).ExecuteAsync(CancellationToken.None);
        return new PostgresReminderTable(options, serviceId);
    }

    [Fact]
    public async Task Start_times_keep_sub_millisecond_precision_down_to_microseconds()
    {
        var grain = new GrainId("test.device", "precise");
        var start = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1_234_560);
        await Table.UpsertAsync(new ReminderEntry(grain, "tick", start, TimeSpan.FromSeconds(1), 1));

        Assert.Equal(start, (await Table.ReadAsync(grain, "tick"))!.StartAt);
    }
}
