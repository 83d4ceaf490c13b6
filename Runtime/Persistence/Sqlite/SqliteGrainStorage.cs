using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Runtime.Persistence.Sqlite;

/// <summary>
/// Grain storage in a SQLite file (WAL mode). Each write is a single autocommit statement whose
/// WHERE clause carries the expected version, so SQLite's one-writer-at-a-time lock is what
/// makes the compare-and-swap atomic, across connections and across processes sharing the file.
/// The table is created by <see cref="SqliteSchemaInitializer"/> before the silo starts.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage
{
    private const string SelectSql = """
        SELECT data, version FROM grain_state
        WHERE service_id = @service_id AND grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name
        """;

    private const string SelectVersionSql = """
        SELECT version FROM grain_state
        WHERE service_id = @service_id AND grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name
        """;

    // ON CONFLICT DO NOTHING rather than INSERT OR IGNORE: only the primary key clash (a live row
    // or a tombstone) may turn the insert into a no-op; any other constraint failure must throw.
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

    private readonly SqliteConnectionFactory _connections;
    private readonly string _serviceId;
    private readonly TimeProvider _timeProvider;

    public SqliteGrainStorage(SqliteStorageOptions options, string serviceId, TimeProvider? timeProvider = null)
        : this(new SqliteConnectionFactory(options), serviceId, timeProvider)
    {
    }

    internal SqliteGrainStorage(SqliteConnectionFactory connections, string serviceId, TimeProvider? timeProvider)
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

        var data = reader.IsDBNull(0) ? null : (byte[])reader.GetValue(0);
        return new GrainStateRecord(data, FormatEtag(reader.GetInt64(1)));
    }

    public Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellationToken = default)
        => SwapAsync(stateName, grainId, ToArray(data), expectedEtag, cancellationToken);

    public Task<string> ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken = default)
        => SwapAsync(stateName, grainId, null, expectedEtag, cancellationToken);

    private async Task<string> SwapAsync(string stateName, GrainId grainId, byte[]? data, string? expectedEtag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);

        long newVersion;
        if (expectedEtag is null)
        {
            newVersion = 1;
            await using var insert = CreateCommand(connection, InsertSql, stateName, grainId);
            AddWriteParameters(insert, data);
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return FormatEtag(newVersion);
            }
        }
        else if (TryParseEtag(expectedEtag, out var expectedVersion))
        {
            newVersion = expectedVersion + 1;
            await using var update = CreateCommand(connection, UpdateSql, stateName, grainId);
            AddWriteParameters(update, data);
            update.Parameters.AddWithValue("@expected_version", expectedVersion);
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return FormatEtag(newVersion);
            }
        }

        // The statement changed nothing, so another writer moved the version first (or the etag
        // was never one of ours). The stored version read here is informational only: it may
        // already have moved again, which is why it is not used to decide anything.
        await using var select = CreateCommand(connection, SelectVersionSql, stateName, grainId);
        var stored = await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        var storedEtag = stored is long version ? FormatEtag(version) : null;
        throw new InconsistentStateException(
            $"Version conflict on state '{stateName}' of grain {grainId}: expected ETag {expectedEtag ?? "(none)"}, storage holds {storedEtag ?? "(none)"}.",
            storedEtag,
            expectedEtag);
    }

    private SqliteCommand CreateCommand(SqliteConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@service_id", _serviceId);
        command.Parameters.AddWithValue("@grain_type", grainId.Type);
        command.Parameters.AddWithValue("@grain_key", grainId.Key);
        command.Parameters.AddWithValue("@state_name", stateName);
        return command;
    }

    private void AddWriteParameters(SqliteCommand command, byte[]? data)
    {
        command.Parameters.Add("@data", SqliteType.Blob).Value = (object?)data ?? DBNull.Value;
        command.Parameters.AddWithValue("@modified_at", _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
    }

    private static byte[] ToArray(ReadOnlyMemory<byte> data)
        => MemoryMarshal.TryGetArray(data, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : data.ToArray();

    internal static string FormatEtag(long version) => version.ToString(CultureInfo.InvariantCulture);

    internal static bool TryParseEtag(string etag, out long version)
        => long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out version);
}
