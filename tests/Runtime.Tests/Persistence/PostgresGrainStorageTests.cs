using Gatehouse.Runtime.Persistence;
using Gatehouse.Runtime.Persistence.Postgres;
using Npgsql;

namespace Gatehouse.Runtime.Tests.Persistence;

[Collection(PostgresFixture.Collection)]
public sealed class PostgresGrainStorageTests(PostgresFixture postgres) : GrainStorageContractTests
{
    private string? _connectionString;

    private PostgresStorageOptions Options => new() { ConnectionString = _connectionString };

    public override async Task InitializeAsync()
    {
        _connectionString = await postgres.GetDatabaseAsync("grain_storage_tests");
        await base.InitializeAsync();
    }

    protected override async Task<IGrainStorage> CreateStorageAsync(string serviceId)
    {
        await new PostgresSchemaInitializer(Options).ExecuteAsync(CancellationToken.None);
        return new PostgresGrainStorage(Options, serviceId);
    }

    [Fact]
    public void A_missing_connection_string_fails_with_a_clear_message()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new PostgresGrainStorage(new PostgresStorageOptions(), ServiceId));

        Assert.Contains("ConnectionString", ex.Message);
    }

    [Fact]
    public async Task The_schema_task_is_idempotent_and_safe_when_silos_start_at_once()
    {
        var connectionString = await postgres.CreateFreshDatabaseAsync("schema_race");
        var options = new PostgresStorageOptions { ConnectionString = connectionString };
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            await gate.Task;
            await new PostgresSchemaInitializer(options).ExecuteAsync(CancellationToken.None);
        })).ToArray();
        gate.SetResult();
        await Task.WhenAll(tasks);
        await new PostgresSchemaInitializer(options).ExecuteAsync(CancellationToken.None);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*), MAX(version) FROM schema_version", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((long)PostgresSchema.Migrations.Count, reader.GetInt64(0));
        Assert.Equal(PostgresSchema.Migrations[^1].Version, reader.GetInt32(1));
    }

    [Fact]
    public async Task The_health_check_passes_and_reports_an_unreachable_server_without_the_password()
    {
        Assert.Null(await new PostgresHealthCheck("postgres-storage", Options).CheckAsync(CancellationToken.None));

        var unreachable = new NpgsqlConnectionStringBuilder(_connectionString)
        {
            Port = 1,
            Password = "hunter2-secret",
            Timeout = 3,
        };
        var reason = await new PostgresHealthCheck("postgres-storage", new PostgresStorageOptions { ConnectionString = unreachable.ConnectionString })
            .CheckAsync(CancellationToken.None);

        Assert.NotNull(reason);
        Assert.DoesNotContain("hunter2-secret", reason);
    }
}
