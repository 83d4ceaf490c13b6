using Gatehouse.Runtime.Persistence;
using Gatehouse.Runtime.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Runtime.Tests.Persistence;

public sealed class SqliteGrainStorageTests : GrainStorageContractTests
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gatehouse-tests", Guid.NewGuid().ToString("N"));

    private string DataDirectory => Path.Combine(_root, "nested", "data");

    private SqliteStorageOptions Options => new() { DataDirectory = DataDirectory, FileName = "grains.db" };

    protected override async Task<IGrainStorage> CreateStorageAsync(string serviceId)
    {
        await new SqliteSchemaInitializer(Options).ExecuteAsync(CancellationToken.None);
        return new SqliteGrainStorage(Options, serviceId);
    }

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_database_file_is_created_in_the_configured_directory()
    {
        await Storage.WriteAsync(StateName, Grain, Bytes("x"), null);

        Assert.True(File.Exists(Path.Combine(DataDirectory, "grains.db")));
        Assert.Single(Directory.GetFiles(_root, "*.db", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task The_database_is_in_wal_mode()
    {
        await using var connection = await OpenRawAsync();

        Assert.Equal("wal", await ScalarAsync<string>(connection, "PRAGMA journal_mode;"));
        Assert.True(File.Exists(Path.Combine(DataDirectory, "grains.db-wal")));
    }

    [Theory]
    [InlineData(SqliteSynchronousMode.Full, 2L)]
    [InlineData(SqliteSynchronousMode.Normal, 1L)]
    public async Task Connections_use_the_configured_synchronous_mode_and_busy_timeout(SqliteSynchronousMode mode, long expected)
    {
        var options = Options;
        options.Synchronous = mode;
        options.BusyTimeout = TimeSpan.FromMilliseconds(1234);

        await using var connection = await new SqliteConnectionFactory(options).OpenAsync(CancellationToken.None);

        Assert.Equal(expected, await ScalarAsync<long>(connection, "PRAGMA synchronous;"));
        Assert.Equal(1234L, await ScalarAsync<long>(connection, "PRAGMA busy_timeout;"));
    }

    [Fact]
    public void Options_defaults_are_the_documented_ones()
    {
        var options = new SqliteStorageOptions();

        Assert.Equal("data", options.DataDirectory);
        Assert.Equal("gatehouse.db", options.FileName);
        Assert.Null(options.ConnectionString);
        Assert.Equal(SqliteSynchronousMode.Full, options.Synchronous);
        Assert.Equal(TimeSpan.FromSeconds(5), options.BusyTimeout);
    }

    [Fact]
    public async Task Data_survives_disposing_and_recreating_the_provider_on_the_same_file()
    {
        var etag = await Storage.WriteAsync(StateName, Grain, Bytes("durable"), null);
        SqliteConnection.ClearAllPools();

        var reopened = await CreateStorageAsync(ServiceId);

        var record = await reopened.ReadAsync(StateName, Grain);
        Assert.Equal("durable", Text(record!.Data));
        Assert.Equal(etag, record.ETag);
        Assert.Equal(long.Parse(etag) + 1, long.Parse(await reopened.WriteAsync(StateName, Grain, Bytes("next"), etag)));
    }

    [Fact]
    public async Task A_connection_string_overrides_directory_and_file_and_its_directory_is_created()
    {
        var path = Path.Combine(_root, "custom", "dir", "override.db");
        var options = new SqliteStorageOptions { DataDirectory = "/nonexistent/should-not-be-used", ConnectionString = $"Data Source={path}" };
        await new SqliteSchemaInitializer(options).ExecuteAsync(CancellationToken.None);

        await new SqliteGrainStorage(options, ServiceId).WriteAsync(StateName, Grain, Bytes("x"), null);

        Assert.True(File.Exists(path));
        Assert.False(Directory.Exists("/nonexistent/should-not-be-used"));
    }

    [Fact]
    public async Task The_schema_task_is_idempotent()
    {
        var etag = await Storage.WriteAsync(StateName, Grain, Bytes("kept"), null);
        var initializer = new SqliteSchemaInitializer(Options);

        await initializer.ExecuteAsync(CancellationToken.None);
        await initializer.ExecuteAsync(CancellationToken.None);

        await using var connection = await OpenRawAsync();
        Assert.Equal((long)SqliteSchema.Migrations.Count, await ScalarAsync<long>(connection, "SELECT COUNT(*) FROM schema_version;"));
        Assert.Equal((long)SqliteSchema.Migrations[^1].Version, await ScalarAsync<long>(connection, "SELECT MAX(version) FROM schema_version;"));
        Assert.Equal(etag, (await Storage.ReadAsync(StateName, Grain))!.ETag);
    }

    [Fact]
    public async Task Schema_tasks_racing_on_a_new_file_all_succeed_and_migrate_once()
    {
        var options = new SqliteStorageOptions { DataDirectory = Path.Combine(_root, "race"), FileName = "race.db" };
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            await gate.Task;
            await new SqliteSchemaInitializer(options).ExecuteAsync(CancellationToken.None);
        })).ToArray();
        gate.SetResult();
        await Task.WhenAll(tasks);

        await using var connection = await new SqliteConnectionFactory(options).OpenAsync(CancellationToken.None);
        Assert.Equal((long)SqliteSchema.Migrations.Count, await ScalarAsync<long>(connection, "SELECT COUNT(*) FROM schema_version;"));
        Assert.Equal("wal", await ScalarAsync<string>(connection, "PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task The_health_check_passes_on_a_usable_database_and_reports_an_unusable_one()
    {
        Assert.Null(await new SqliteHealthCheck("sqlite-storage", Options).CheckAsync(CancellationToken.None));

        // A directory where the database file should be cannot be opened as a database.
        var blocked = new SqliteStorageOptions { DataDirectory = _root, FileName = "nested" };
        var reason = await new SqliteHealthCheck("sqlite-storage", blocked).CheckAsync(CancellationToken.None);

        Assert.NotNull(reason);
        Assert.Contains(Path.Combine(_root, "nested"), reason);
    }

    private async Task<SqliteConnection> OpenRawAsync()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "grains.db")}");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<T> ScalarAsync<T>(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
