using System.Collections.Concurrent;
using System.Collections.Immutable;
using Gatehouse.Grains.GroupCommit;
using Gatehouse.Runtime.Persistence.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Gatehouse.Grains.Messages.Postgres;

/// <summary>
/// Messages in PostgreSQL, normally in the grain-state database. Appends are group-committed
/// (<see cref="GroupCommitWriter{T}"/>): each batch is one transaction that takes its sequence
/// numbers, streams its messages with binary COPY, and upserts the batch's
/// <see cref="MessageBatchSummary"/> into the rollups with one array statement; no append of it returns before the commit. Tables: <see cref="PostgresMessageSchema"/>.
/// </summary>
public sealed class PostgresMessageStore : IMessageStore, IAsyncDisposable
{
    /// <summary>
    /// Writers take this advisory lock shared and retention takes it exclusively ("GateMsgR"), so
    /// a chunk that re-aggregates a minute never races a batch adding to that minute from another
    /// silo. Writers never wait for each other on it.
    /// </summary>
    public const long RetentionLockKey = 0x4761_7465_4D73_6752;

    private const string CopySql =
        "COPY messages (device_key, ts, sequence, mid, received_at, device_ts, sender_kind, sender_id, credential_kind, credential_id, payload, fields) FROM STDIN (FORMAT BINARY)";

    private const string Newer = "(excluded.last_ts, excluded.last_sequence) > (message_rollups.last_ts, message_rollups.last_sequence)";

    /// <summary>Adds a batch's part of each rollup row; a minute's last value moves only forward.</summary>
    private const string UpsertRollupsSql = $"""
        INSERT INTO message_rollups (device_key, field, minute, count, numeric_count, sum, min, max,
                                     last_type, last_ts, last_sequence, last_mid, last_number, last_text)
        SELECT * FROM unnest(@device::bigint[], @field::text[], @minute::bigint[], @count::bigint[], @numeric_count::bigint[], @sum::float8[], @min::float8[], @max::float8[],
                             @last_type::text[], @last_ts::bigint[], @last_sequence::bigint[], @last_mid::text[], @last_number::float8[], @last_text::text[])
        ON CONFLICT (device_key, field, minute) DO UPDATE SET
            count = message_rollups.count + excluded.count,
            numeric_count = message_rollups.numeric_count + excluded.numeric_count,
            sum = message_rollups.sum + excluded.sum,
            min = LEAST(message_rollups.min, excluded.min),
            max = GREATEST(message_rollups.max, excluded.max),
            last_type = CASE WHEN {Newer} THEN excluded.last_type ELSE message_rollups.last_type END,
            last_ts = CASE WHEN {Newer} THEN excluded.last_ts ELSE message_rollups.last_ts END,
            last_sequence = CASE WHEN {Newer} THEN excluded.last_sequence ELSE message_rollups.last_sequence END,
            last_mid = CASE WHEN {Newer} THEN excluded.last_mid ELSE message_rollups.last_mid END,
            last_number = CASE WHEN {Newer} THEN excluded.last_number ELSE message_rollups.last_number END,
            last_text = CASE WHEN {Newer} THEN excluded.last_text ELSE message_rollups.last_text END
        """;

    /// <summary>
    /// <see cref="MessageRows.LatestSql"/> with LATERAL, which SQLite lacks: one backward index
    /// probe per field instead of a correlated filter over the field's minutes.
    /// </summary>
    private const string LatestSql = MessageRows.AllFieldsCte + """
        SELECT r.field, r.last_type, r.last_ts, r.last_mid, r.last_number, r.last_text
        FROM fields CROSS JOIN LATERAL (
            SELECT field, last_type, last_ts, last_mid, last_number, last_text FROM message_rollups
            WHERE device_key = @device AND field = fields.name ORDER BY minute DESC LIMIT 1) r
        WHERE fields.name IS NOT NULL
        """;

    private readonly PostgresConnectionFactory _connections;
    private readonly string _serviceId;
    private readonly int _retentionChunk;
    private readonly GroupCommitWriter<StoredMessage> _writer;
    private readonly ConcurrentDictionary<string, long> _deviceKeys = new(StringComparer.Ordinal);
    private readonly MessageBatchSummary _summary = new();
    private readonly Runtime.Diagnostics.StorageOperation _commit;

    public PostgresMessageStore(PostgresStorageOptions storage, string serviceId, MessageOptions? options = null, ILogger<PostgresMessageStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentException.ThrowIfNullOrEmpty(serviceId);
        options ??= new MessageOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RetentionChunkSize, 1, nameof(options));
        _connections = new PostgresConnectionFactory(storage, "message store");
        _serviceId = serviceId;
        _retentionChunk = options.RetentionChunkSize;
        _commit = new(Runtime.Diagnostics.StorageInstruments.Messages, GetType().Name, "commit");
        _writer = new GroupCommitWriter<StoredMessage>(CommitAsync, options.StoreMaxBatchSize, options.StoreQueueCapacity, "message store", logger);
    }

    /// <summary>Where each batch commit is counted (one operation per transaction, not per message); null counts nothing.</summary>
    public Runtime.Diagnostics.StorageInstruments? Instruments { get; init; }

    private Task CommitAsync(IReadOnlyList<StoredMessage> batch, CancellationToken cancellationToken) =>
        Instruments is { } instruments
            ? instruments.MeasureAsync(_commit, token => WriteBatchAsync(batch, token), cancellationToken)
            : WriteBatchAsync(batch, cancellationToken);

    public ValueTask AppendAsync(StoredMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(message.Message);
        return _writer.AppendAsync(message, cancellationToken);
    }

    public async Task<MessagePage> ReadAsync(string deviceId, MessageRange range, CancellationToken cancellationToken = default)
    {
        var cursor = MessageQueryRules.Check(range);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (await FindDeviceAsync(connection, deviceId, cancellationToken).ConfigureAwait(false) is not { } device)
        {
            return MessagePage.Empty;
        }
        var (comparison, order) = range.Descending ? ("<", "DESC") : (">", "ASC");
        await using var command = new NpgsqlCommand($"""
            SELECT {MessageRows.MessageColumns} FROM messages
            WHERE device_key = @device AND ts >= @from AND ts < @to {(cursor is null ? "" : $"AND (ts, sequence) {comparison} (@cursor_ts, @cursor_sequence)")}
            ORDER BY ts {order}, sequence {order} LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("device", device);
        command.Parameters.AddWithValue("from", range.From is { } from ? MessageQueryRules.BoundMilliseconds(from) : long.MinValue);
        command.Parameters.AddWithValue("to", range.To is { } to ? MessageQueryRules.BoundMilliseconds(to) : long.MaxValue);
        if (cursor is { } c)
        {
            command.Parameters.AddWithValue("cursor_ts", c.TimestampMs);
            command.Parameters.AddWithValue("cursor_sequence", c.Sequence);
        }
        command.Parameters.AddWithValue("limit", (long)range.Limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await MessageRows.ReadPageAsync(reader, deviceId, range.Limit, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ImmutableArray<FieldValue>> LatestAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (await FindDeviceAsync(connection, deviceId, cancellationToken).ConfigureAwait(false) is not { } device)
        {
            return [];
        }
        await using var command = new NpgsqlCommand(LatestSql, connection);
        command.Parameters.AddWithValue("device", device);
        var values = new List<FieldValue>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            values.Add(MessageRows.ReadLatest(reader));
        }
        return MessageRows.SortLatest(values);
    }

    public async Task<ImmutableArray<SeriesBucket>> AggregateAsync(string deviceId, SeriesQuery query, CancellationToken cancellationToken = default)
    {
        MessageQueryRules.Check(query);
        var wanted = query.Fields.IsDefaultOrEmpty ? null : query.Fields.ToHashSet(StringComparer.Ordinal);
        var from = MessageQueryRules.BoundMilliseconds(query.From);
        var to = MessageQueryRules.BoundMilliseconds(query.To);
        var buckets = new Dictionary<(long Index, string Field), SeriesAccumulator>();
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (await FindDeviceAsync(connection, deviceId, cancellationToken).ConfigureAwait(false) is not { } device)
        {
            return [];
        }

        // One snapshot for both reads, so a batch committing between them is counted once or not at all.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var rawFrom = from;
        if (MessageRows.IsMinuteAligned(query) && MessageBatchSummary.MinuteOf(to) is var rollupEnd && rollupEnd > from)
        {
            await using var rollups = new NpgsqlCommand(
                (wanted is null ? MessageRows.AllFieldsCte : "WITH fields(name) AS (SELECT unnest(@fields))") + MessageRows.RollupRangeSql, connection, transaction);
            rollups.Parameters.AddWithValue("device", device);
            rollups.Parameters.AddWithValue("from", from);
            rollups.Parameters.AddWithValue("to", rollupEnd);
            if (wanted is not null)
            {
                rollups.Parameters.AddWithValue("fields", wanted.ToArray());
            }
            await using var reader = await rollups.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                MessageRows.AccumulateRollup(query, reader, buckets);
            }
            rawFrom = rollupEnd;
        }
        if (rawFrom < to)
        {
            await using var raw = new NpgsqlCommand(
                "SELECT ts, fields FROM messages WHERE device_key = @device AND ts >= @from AND ts < @to AND fields IS NOT NULL ORDER BY ts, sequence",
                connection, transaction);
            raw.Parameters.AddWithValue("device", device);
            raw.Parameters.AddWithValue("from", rawFrom);
            raw.Parameters.AddWithValue("to", to);
            await using var reader = await raw.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                MessageRows.Accumulate(query, wanted, reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), buckets);
            }
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return MessageRows.ToBuckets(query, buckets);
    }

    public async Task<long> DeleteDeviceAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (await FindDeviceAsync(connection, deviceId, cancellationToken).ConfigureAwait(false) is not { } device)
        {
            return 0;
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockForRetentionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("DELETE FROM messages WHERE device_key = @device", connection, transaction);
        command.Parameters.AddWithValue("device", device);
        long removed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        command.CommandText = "DELETE FROM message_rollups WHERE device_key = @device";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return removed;
    }

    public async Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var cutoffMs = MessageQueryRules.BoundMilliseconds(cutoff);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var devices = new List<long>();
        await using (var list = new NpgsqlCommand("SELECT device_key FROM message_devices WHERE service_id = @service ORDER BY device_key", connection))
        {
            list.Parameters.AddWithValue("service", _serviceId);
            await using var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                devices.Add(reader.GetInt64(0));
            }
        }
        long removed = 0;
        foreach (var device in devices)
        {
            long chunk;
            do
            {
                chunk = await DeleteChunkAsync(connection, device, cutoffMs, cancellationToken).ConfigureAwait(false);
                removed += chunk;
            }
            while (chunk > 0);
        }
        return removed;
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    /// <summary>One retention chunk of one device (<see cref="MessageRetentionChunk"/>); returns how many messages went.</summary>
    private async Task<long> DeleteChunkAsync(NpgsqlConnection connection, long device, long cutoffMs, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockForRetentionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT ts FROM messages WHERE device_key = @device AND ts < @cutoff ORDER BY ts, sequence LIMIT 1),
                   (SELECT ts FROM messages WHERE device_key = @device AND ts < @cutoff ORDER BY ts, sequence LIMIT 1 OFFSET @offset)
            """, connection, transaction);
        command.Parameters.AddWithValue("device", device);
        command.Parameters.AddWithValue("cutoff", cutoffMs);
        command.Parameters.AddWithValue("offset", (long)_retentionChunk - 1);
        long? oldest, nth;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            oldest = reader.IsDBNull(0) ? null : reader.GetInt64(0);
            nth = reader.IsDBNull(1) ? null : reader.GetInt64(1);
        }
        if (oldest is not { } first)
        {
            return 0;
        }
        var until = MessageRetentionChunk.Until(cutoffMs, first, nth);
        command.Parameters.Clear();
        command.Parameters.AddWithValue("device", device);
        command.Parameters.AddWithValue("cutoff", until);
        command.CommandText = "DELETE FROM messages WHERE device_key = @device AND ts < @cutoff";
        long removed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        command.CommandText = "DELETE FROM message_rollups WHERE device_key = @device AND minute + 60000 <= @cutoff";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

        var minute = MessageBatchSummary.MinuteOf(until);
        if (minute < until)
        {
            command.Parameters.AddWithValue("minute", minute);
            command.Parameters.AddWithValue("minute_end", minute + MessageBatchSummary.RollupMilliseconds);
            command.CommandText = "SELECT ts, sequence, mid, fields FROM messages WHERE device_key = @device AND ts >= @cutoff AND ts < @minute_end AND fields IS NOT NULL ORDER BY ts, sequence";
            var rest = new MessageBatchSummary();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rest.Add(device, reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), FieldSampleCodec.Decode(reader.GetFieldValue<byte[]>(3)));
                }
            }
            command.CommandText = "DELETE FROM message_rollups WHERE device_key = @device AND minute = @minute";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await UpsertRollupsAsync(connection, transaction, rest, cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return removed;
    }

    private async Task WriteBatchAsync(IReadOnlyList<StoredMessage> batch, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        var sequences = new long[batch.Count];
        await using (var take = new NpgsqlCommand(
            "SELECT pg_advisory_xact_lock_shared(@lock); SELECT nextval('message_sequence') FROM generate_series(1, @count)", connection, transaction))
        {
            take.Parameters.AddWithValue("lock", RetentionLockKey);
            take.Parameters.AddWithValue("count", batch.Count);
            await using var reader = await take.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; await reader.ReadAsync(cancellationToken).ConfigureAwait(false); i++)
            {
                sequences[i] = reader.GetInt64(0);
            }
        }
        // Queue order is sequence order, as in every store.
        Array.Sort(sequences);

        var keys = await ResolveDevicesAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
        _summary.Clear();
        await using (var copy = await connection.BeginBinaryImportAsync(CopySql, cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var stored = batch[i];
                var message = stored.Message;
                var key = keys[message.DeviceId];
                var timestamp = MessageQueryRules.SeriesMilliseconds(message);
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(key, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(timestamp, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(sequences[i], NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(message.Mid, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(message.ReceivedAt.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                if (message.DeviceTimestamp is { } deviceTs)
                {
                    await copy.WriteAsync(deviceTs.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await copy.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                }
                await copy.WriteAsync(message.Sender.Kind.ToString(), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(message.Sender.Id, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(message.Sender.Credential.ToString(), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                if (message.Sender.CredentialId is { } credentialId)
                {
                    await copy.WriteAsync(credentialId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await copy.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                }
                await copy.WriteAsync(message.PayloadJson, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                if (FieldSampleCodec.Encode(stored.Fields) is { } fields)
                {
                    await copy.WriteAsync(fields, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
                    _summary.Add(key, timestamp, sequences[i], message.Mid, stored.Fields);
                }
                else
                {
                    await copy.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await UpsertRollupsAsync(connection, transaction, _summary, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (deviceId, key) in keys)
        {
            _deviceKeys[deviceId] = key;
        }
    }

    private static async Task UpsertRollupsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, MessageBatchSummary summary, CancellationToken cancellationToken)
    {
        if (summary.Count == 0)
        {
            return;
        }
        var rows = summary.Entries.ToList();
        await using var upsert = new NpgsqlCommand(UpsertRollupsSql, connection, transaction);
        upsert.Parameters.AddWithValue("device", rows.Select(r => r.Device).ToArray());
        upsert.Parameters.AddWithValue("field", rows.Select(r => r.Field).ToArray());
        upsert.Parameters.AddWithValue("minute", rows.Select(r => r.Minute).ToArray());
        upsert.Parameters.AddWithValue("count", rows.Select(r => r.Rollup.Count).ToArray());
        upsert.Parameters.AddWithValue("numeric_count", rows.Select(r => r.Rollup.NumericCount).ToArray());
        upsert.Parameters.AddWithValue("sum", rows.Select(r => r.Rollup.Sum).ToArray());
        upsert.Parameters.AddWithValue("min", rows.Select(r => r.Rollup.NumericCount > 0 ? r.Rollup.Min : (double?)null).ToArray());
        upsert.Parameters.AddWithValue("max", rows.Select(r => r.Rollup.NumericCount > 0 ? r.Rollup.Max : (double?)null).ToArray());
        upsert.Parameters.AddWithValue("last_type", rows.Select(r => r.Last.Sample.Type.ToString()).ToArray());
        upsert.Parameters.AddWithValue("last_ts", rows.Select(r => r.Last.TimestampMs).ToArray());
        upsert.Parameters.AddWithValue("last_sequence", rows.Select(r => r.Last.Sequence).ToArray());
        upsert.Parameters.AddWithValue("last_mid", rows.Select(r => r.Last.Mid).ToArray());
        upsert.Parameters.AddWithValue("last_number", rows.Select(r => r.Last.Sample.IsNumeric ? r.Last.Sample.Number : (double?)null).ToArray());
        upsert.Parameters.AddWithValue("last_text", rows.Select(r => r.Last.Sample.Text).ToArray());
        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The key of every device in the batch; new ones are created in this transaction and cached only after it commits.</summary>
    private async Task<Dictionary<string, long>> ResolveDevicesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StoredMessage> batch, CancellationToken cancellationToken)
    {
        var keys = new Dictionary<string, long>(StringComparer.Ordinal);
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var stored in batch)
        {
            if (_deviceKeys.TryGetValue(stored.Message.DeviceId, out var key))
            {
                keys[stored.Message.DeviceId] = key;
            }
            else
            {
                missing.Add(stored.Message.DeviceId);
            }
        }
        if (missing.Count == 0)
        {
            return keys;
        }
        // One statement: the part reading existing rows does not see those its INSERT adds, so
        // the two halves together name every device once. A device another silo added
        // concurrently is in neither (our INSERT waited for its commit, but the statement's
        // snapshot predates it), so those are read again by a statement with a fresh snapshot.
        await ReadKeysAsync("""
            WITH wanted AS (SELECT unnest(@devices) AS device_id),
                 added AS (INSERT INTO message_devices (service_id, device_id) SELECT @service, device_id FROM wanted
                           ON CONFLICT (service_id, device_id) DO NOTHING RETURNING device_id, device_key)
            SELECT device_id, device_key FROM added
            UNION ALL
            SELECT d.device_id, d.device_key FROM message_devices d JOIN wanted w ON d.device_id = w.device_id WHERE d.service_id = @service
            """, [.. missing]).ConfigureAwait(false);
        string[] raced = [.. missing.Where(d => !keys.ContainsKey(d))];
        if (raced.Length > 0)
        {
            await ReadKeysAsync("SELECT device_id, device_key FROM message_devices WHERE service_id = @service AND device_id = ANY(@devices)", raced).ConfigureAwait(false);
        }
        return keys;

        async Task ReadKeysAsync(string sql, string[] devices)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.AddWithValue("service", _serviceId);
            command.Parameters.AddWithValue("devices", devices);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                keys[reader.GetString(0)] = reader.GetInt64(1);
            }
        }
    }

    private static async Task LockForRetentionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@lock)", connection, transaction);
        command.Parameters.AddWithValue("lock", RetentionLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<long?> FindDeviceAsync(NpgsqlConnection connection, string deviceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        if (_deviceKeys.TryGetValue(deviceId, out var cached))
        {
            return cached;
        }
        await using var command = new NpgsqlCommand("SELECT device_key FROM message_devices WHERE service_id = @service AND device_id = @device", connection);
        command.Parameters.AddWithValue("service", _serviceId);
        command.Parameters.AddWithValue("device", deviceId);
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long key)
        {
            _deviceKeys[deviceId] = key;
            return key;
        }
        return null;
    }
}
