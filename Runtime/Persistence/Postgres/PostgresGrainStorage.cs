using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Gatehouse.Runtime.Persistence.Postgres;

/// <summary>
/// Grain storage in PostgreSQL. Each write is one autocommit statement whose WHERE clause (or
/// primary key, for the first write) carries the expected version. Under READ COMMITTED a second
/// writer blocks on the first one's row lock and then re-checks the WHERE clause against the
/// committed row, so exactly one of two writers with the same ETag changes the row. The table is
/// created by <see cref="PostgresSchemaInitializer"/> before the silo starts.
/// </summary>
public sealed class PostgresGrainStorage : IGrainStorage
{
    private const string SelectSql = """
        SELECT data, version FROM grain_state
        WHERE service_id = @service_id AND grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name
        """;

    private const string SelectVersionSql = """
        SELECT version FROM grain_state
        WHERE service_id = @service_id AND grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name
        """;

    private const string InsertSql = """
        INSERT INTO grain_state (service_id, grain_type, grain_key, state_name, version, data, modified_at)
        VALUES (@service_id, @grain_type, @grain_key, @state_name, 1, @data, @modified_at)
        ON CONFLICT (service_id, grain_type, grain_key, state_name) DO NOTHING
        """;

    private const string UpdateSql = """
        UPDATE grain_state SET version = version + 1, data = @data, modified_at = @modified_at
        WHERE service_id = @service_id AND grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name
          AND version = @expected_version
        """;

    private readonly PostgresConnectionFactory _connections;
    private readonly string _serviceId;
    private readonly TimeProvider _timeProvider;

    public PostgresGrainStorage(PostgresStorageOptions options, string serviceId, TimeProvider? timeProvider = null)
        : this(new PostgresConnectionFactory(options, "grain storage"), serviceId, timeProvider)
    {
    }

    internal PostgresGrainStorage(PostgresConnectionFactory connections, string serviceId, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentException.ThrowIfNullOrEmpty(serviceId);
        _connections = connections;
        _serviceId = serviceId;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public async Task<GrainStateRecord?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = CreateCommand(connection, SelectSql, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var data = await reader.IsDBNullAsync(0, cancellationToken).ConfigureAwait(false) ? null : reader.GetFieldValue<byte[]>(0);
        return new GrainStateRecord(data, FormatEtag(reader.GetInt64(1)));
    }

    public Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellationToken = default)
        => SwapAsync(stateName, grainId, data, expectedEtag, cancellationToken);

    public Task<string> ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken = default)
        => SwapAsync(stateName, grainId, null, expectedEtag, cancellationToken);

    private async Task<string> SwapAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte>? data, string? expectedEtag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);

        if (expectedEtag is null)
        {
            await using var insert = CreateCommand(connection, InsertSql, stateName, grainId);
            AddWriteParameters(insert, data);
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return FormatEtag(1);
            }
        }
        else if (long.TryParse(expectedEtag, NumberStyles.None, CultureInfo.InvariantCulture, out var expectedVersion))
        {
            await using var update = CreateCommand(connection, UpdateSql, stateName, grainId);
            AddWriteParameters(update, data);
            update.Parameters.AddWithValue("expected_version", expectedVersion);
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return FormatEtag(expectedVersion + 1);
            }
        }

        // Nothing changed: another writer moved the version first. The version read here is
        // informational only (it may move again at once), so it decides nothing.
        await using var select = CreateCommand(connection, SelectVersionSql, stateName, grainId);
        var stored = await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        var storedEtag = stored is long version ? FormatEtag(version) : null;
        throw new InconsistentStateException(
            $"Version conflict on state '{stateName}' of grain {grainId}: expected ETag {expectedEtag ?? "(none)"}, storage holds {storedEtag ?? "(none)"}.",
            storedEtag,
            expectedEtag);
    }

    private NpgsqlCommand CreateCommand(NpgsqlConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("service_id", _serviceId);
        command.Parameters.AddWithValue("grain_type", grainId.Type);
        command.Parameters.AddWithValue("grain_key", grainId.Key);
        command.Parameters.AddWithValue("state_name", stateName);
        return command;
    }

    private void AddWriteParameters(NpgsqlCommand command, ReadOnlyMemory<byte>? data)
    {
        command.Parameters.Add(new NpgsqlParameter("data", NpgsqlDbType.Bytea) { Value = data is { } bytes ? bytes : DBNull.Value });
        command.Parameters.AddWithValue("modified_at", NpgsqlDbType.TimestampTz, _timeProvider.GetUtcNow());
    }

    private static string FormatEtag(long version) => version.ToString(CultureInfo.InvariantCulture);
}
