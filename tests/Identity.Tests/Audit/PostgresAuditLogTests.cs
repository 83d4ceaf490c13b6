using Gatehouse.Tests.Hosting;
using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Audit.Postgres;
using Gatehouse.Identity.Tests.Postgres;
using Gatehouse.Runtime.Persistence.Postgres;
using Npgsql;

namespace Gatehouse.Identity.Tests.Audit;

[Collection(PostgresFixture.Collection)]
public sealed class PostgresAuditLogTests(PostgresFixture postgres) : SqlAuditLogContractTests
{
    private string? _connectionString;

    private PostgresStorageOptions Storage => new() { ConnectionString = _connectionString };

    public override async Task InitializeAsync()
    {
        _connectionString = await postgres.GetDatabaseAsync("audit_log_tests");
        await base.InitializeAsync();
    }

    protected override async Task<IAuditLog> CreateLogAsync(string serviceId, AuditLogOptions? options)
    {
        await new PostgresSchemaInitializer(Storage).ExecuteAsync(CancellationToken.None);
        return new PostgresAuditLog(Storage, serviceId, options, Clock);
    }

    protected override async Task<long> CountStoredAsync(string serviceId, string subjectId)
    {
        await using var connection = await OpenRawAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM audit_log WHERE service_id = @service AND subject_id = @subject", connection);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("subject", subjectId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = await OpenRawAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task The_database_rejects_truncate_and_explicit_sequence_numbers()
    {
        await Log.AppendAsync(Event("kept"));

        var truncate = await Assert.ThrowsAsync<PostgresException>(() => ExecuteRawAsync("TRUNCATE audit_log"));
        Assert.Contains("append-only", truncate.MessageText);

        // GENERATED ALWAYS: nobody can slip a row in under a sequence a reader has paged past.
        var forged = await Assert.ThrowsAsync<PostgresException>(() => ExecuteRawAsync(
            "INSERT INTO audit_log (sequence, service_id, occurred_at, action, outcome, actor_kind, credential_kind) " +
            $"VALUES (1, '{ServiceId}', now(), 'key.created', 'Succeeded', 'User', 'None')"));
        Assert.Equal("428C9", forged.SqlState); // generated_always

        Assert.Equal(["kept"], Markers(await Log.QueryAsync(new AuditQuery())));
    }

    private async Task<NpgsqlConnection> OpenRawAsync()
    {
        // Another application name is another pool: sessions the log has never used.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connectionString) { ApplicationName = "audit-test-reader" }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
