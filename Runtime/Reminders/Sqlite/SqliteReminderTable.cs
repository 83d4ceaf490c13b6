using System.Globalization;
using Gatehouse.Runtime.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Runtime.Reminders.Sqlite;

/// <summary>
/// The reminder table in SQLite, normally in the same file as grain storage. Times are stored as
/// Unix milliseconds (UTC), so sub-millisecond parts of a start time or period are dropped. The
/// table is created by <see cref="SqliteSchemaInitializer"/>.
/// </summary>
public sealed class SqliteReminderTable : IReminderTable
{
    private const string Columns = "grain_type, grain_key, reminder_name, start_at, period_ms, grain_hash, version";

    private const string ReadRangeSql = $"SELECT {Columns} FROM reminders WHERE service_id = @service_id AND grain_hash > @begin AND grain_hash <= @end";

    // A wrapped range is the union of two ranges; OR keeps it one statement, and the planner can
    // still use the (service_id, grain_hash) index for each side.
    private const string ReadWrappedRangeSql = $"SELECT {Columns} FROM reminders WHERE service_id = @service_id AND (grain_hash > @begin OR grain_hash <= @end)";

    private const string ReadAllSql = $"SELECT {Columns} FROM reminders WHERE service_id = @service_id";

    private const string ReadGrainSql = $"SELECT {Columns} FROM reminders WHERE service_id = @service_id AND grain_type = @grain_type AND grain_key = @grain_key";

    private const string ReadOneSql = $"{ReadGrainSql} AND reminder_name = @reminder_name";

    private const string UpsertSql = """
        INSERT INTO reminders (service_id, grain_type, grain_key, reminder_name, start_at, period_ms, grain_hash, version)
        VALUES (@service_id, @grain_type, @grain_key, @reminder_name, @start_at, @period_ms, @grain_hash, 1)
        ON CONFLICT (service_id, grain_type, grain_key, reminder_name) DO UPDATE SET
            start_at = excluded.start_at, period_ms = excluded.period_ms, grain_hash = excluded.grain_hash, version = reminders.version + 1
        RETURNING version
        """;

    private const string RemoveSql = """
        DELETE FROM reminders
        WHERE service_id = @service_id AND grain_type = @grain_type AND grain_key = @grain_key AND reminder_name = @reminder_name
          AND version = @version
        """;

    private readonly SqliteConnectionFactory _connections;
    private readonly string _serviceId;

    public SqliteReminderTable(SqliteStorageOptions options, string serviceId)
        : this(new SqliteConnectionFactory(options), serviceId)
    {
    }

    internal SqliteReminderTable(SqliteConnectionFactory connections, string serviceId)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentException.ThrowIfNullOrEmpty(serviceId);
        _connections = connections;
        _serviceId = serviceId;
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadRangeAsync(uint beginExclusive, uint endInclusive, CancellationToken cancellationToken = default)
        => QueryAsync(
            beginExclusive < endInclusive ? ReadRangeSql : ReadWrappedRangeSql,
            command =>
            {
                command.Parameters.AddWithValue("@begin", (long)beginExclusive);
                command.Parameters.AddWithValue("@end", (long)endInclusive);
            },
            cancellationToken);

    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken = default)
        => QueryAsync(ReadAllSql, static _ => { }, cancellationToken);

    public Task<IReadOnlyList<ReminderEntry>> ReadGrainAsync(GrainId grainId, CancellationToken cancellationToken = default)
        => QueryAsync(ReadGrainSql, command => AddGrain(command, grainId), cancellationToken);

    public async Task<ReminderEntry?> ReadAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        var entries = await QueryAsync(
            ReadOneSql,
            command =>
            {
                AddGrain(command, grainId);
                command.Parameters.AddWithValue("@reminder_name", reminderName);
            },
            cancellationToken).ConfigureAwait(false);
        return entries.Count == 0 ? null : entries[0];
    }

    public async Task<string> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.ReminderName);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = CreateCommand(connection, UpsertSql);
        AddGrain(command, entry.GrainId);
        command.Parameters.AddWithValue("@reminder_name", entry.ReminderName);
        command.Parameters.AddWithValue("@start_at", entry.StartAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("@period_ms", entry.Period.Ticks / TimeSpan.TicksPerMillisecond);
        command.Parameters.AddWithValue("@grain_hash", (long)entry.GrainHash);
        var version = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return version.ToString(CultureInfo.InvariantCulture);
    }

    public async Task<bool> RemoveAsync(GrainId grainId, string reminderName, string etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return false;
        }

        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = CreateCommand(connection, RemoveSql);
        AddGrain(command, grainId);
        command.Parameters.AddWithValue("@reminder_name", reminderName);
        command.Parameters.AddWithValue("@version", version);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private async Task<IReadOnlyList<ReminderEntry>> QueryAsync(string sql, Action<SqliteCommand> addParameters, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = CreateCommand(connection, sql);
        addParameters(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<ReminderEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new ReminderEntry(
                new GrainId(reader.GetString(0), reader.GetString(1)),
                reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                TimeSpan.FromMilliseconds(reader.GetInt64(4)),
                (uint)reader.GetInt64(5),
                reader.GetInt64(6).ToString(CultureInfo.InvariantCulture)));
        }
        return entries;
    }

    private SqliteCommand CreateCommand(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@service_id", _serviceId);
        return command;
    }

    private static void AddGrain(SqliteCommand command, GrainId grainId)
    {
        command.Parameters.AddWithValue("@grain_type", grainId.Type);
        command.Parameters.AddWithValue("@grain_key", grainId.Key);
    }
}
