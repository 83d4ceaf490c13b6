using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using Gatehouse.Grains.GroupCommit;
using Gatehouse.Runtime.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Grains.Messages.Sqlite;

/// <summary>
/// Messages in SQLite, by default in <c>data/messages.db</c>, a file apart from grain state so
/// their commits never wait for (or hold) the grain-state write lock. Appends are group-committed
/// (<see cref="GroupCommitWriter{T}"/>): each batch is one <c>BEGIN IMMEDIATE</c> transaction
/// that inserts the messages and adds the batch's <see cref="MessageBatchSummary"/> to the
/// per-minute rollups and latest values; with <c>synchronous=FULL</c> it is on disk before any
/// append of it returns. Tables: <see cref="SqliteMessageSchema"/>.
/// </summary>
public sealed class SqliteMessageStore : IMessageStore, IAsyncDisposable
{
    private const string InsertMessageSql = """
        INSERT INTO messages (device_key, ts, sequence, mid, received_at, device_ts, sender_kind, sender_id, credential_kind, credential_id, payload, fields)
        VALUES (@device, @ts, @sequence, @mid, @received_at, @device_ts, @sender_kind, @sender_id, @credential_kind, @credential_id, @payload, @fields)
        """;

    private const string UpsertRollupSql = """
        INSERT INTO message_rollups (device_key, minute, field, count, numeric_count, sum, min, max)
        VALUES (@device, @minute, @field, @count, @numeric_count, @sum, @min, @max)
        ON CONFLICT (device_key, minute, field) DO UPDATE SET
            count = message_rollups.count + excluded.count,
            numeric_count = message_rollups.numeric_count + excluded.numeric_count,
            sum = message_rollups.sum + excluded.sum,
            min = min(coalesce(message_rollups.min, excluded.min), coalesce(excluded.min, message_rollups.min)),
            max = max(coalesce(message_rollups.max, excluded.max), coalesce(excluded.max, message_rollups.max))
        """;

    private const string UpsertLatestSql = """
        INSERT INTO message_latest (device_key, field, type, ts, sequence, mid, number, text)
        VALUES (@device, @field, @type, @ts, @sequence, @mid, @number, @text)
        ON CONFLICT (device_key, field) DO UPDATE SET
            type = excluded.type, ts = excluded.ts, sequence = excluded.sequence, mid = excluded.mid,
            number = excluded.number, text = excluded.text
        WHERE excluded.ts > message_latest.ts OR (excluded.ts = message_latest.ts AND excluded.sequence > message_latest.sequence)
        """;

    private readonly SqliteConnectionFactory _connections;
    private readonly string _serviceId;
    private readonly int _retentionChunk;
    private readonly GroupCommitWriter<StoredMessage> _writer;
    private readonly ConcurrentDictionary<string, long> _deviceKeys = new(StringComparer.Ordinal);
    private readonly MessageBatchSummary _summary = new();

    public SqliteMessageStore(SqliteStorageOptions storage, string serviceId, MessageOptions? options = null, ILogger<SqliteMessageStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentException.ThrowIfNullOrEmpty(serviceId);
        options ??= new MessageOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RetentionChunkSize, 1, nameof(options));
        _connections = new SqliteConnectionFactory(storage);
        _serviceId = serviceId;
        _retentionChunk = options.RetentionChunkSize;
        _writer = new GroupCommitWriter<StoredMessage>(WriteBatchAsync, options.StoreMaxBatchSize, options.StoreQueueCapacity, "message store", logger);
    }

    /// <summary>The database file's path; safe to log.</summary>
    public string DatabasePath => _connections.DatabasePath;

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
        await using var command = connection.CreateCommand();
        var (comparison, order) = range.Descending ? ("<", "DESC") : (">", "ASC");
        command.CommandText = $"""
            SELECT {MessageRows.MessageColumns} FROM messages
            WHERE device_key = @device AND ts >= @from AND ts < @to {(cursor is null ? "" : $"AND (ts, sequence) {comparison} (@cursor_ts, @cursor_sequence)")}
            ORDER BY ts {order}, sequence {order} LIMIT @limit
            """;
        command.Parameters.AddWithValue("@device", device);
        command.Parameters.AddWithValue("@from", range.From is { } from ? MessageQueryRules.BoundMilliseconds(from) : long.MinValue);
        command.Parameters.AddWithValue("@to", range.To is { } to ? MessageQueryRules.BoundMilliseconds(to) : long.MaxValue);
        if (cursor is { } c)
        {
            command.Parameters.AddWithValue("@cursor_ts", c.TimestampMs);
            command.Parameters.AddWithValue("@cursor_sequence", c.Sequence);
        }
        command.Parameters.AddWithValue("@limit", range.Limit + 1);
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
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {MessageRows.LatestColumns} FROM message_latest WHERE device_key = @device";
        command.Parameters.AddWithValue("@device", device);
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

        // Whole minutes come from rollups; the rest (all of an unaligned series, or the last
        // partial minute of an aligned one) from the messages themselves. Both read in one
        // transaction, so an append between them cannot be counted twice or half.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var rawFrom = from;
        if (MessageRows.IsMinuteAligned(query) && MessageBatchSummary.MinuteOf(to) is var rollupEnd && rollupEnd > from)
        {
            await using var rollups = connection.CreateCommand();
            rollups.Transaction = transaction;
            rollups.CommandText = $"""
                SELECT minute, field, count, numeric_count, sum, min, max FROM message_rollups
                WHERE device_key = @device AND minute >= @from AND minute < @to
                {(wanted is null ? "" : "AND field IN (SELECT value FROM json_each(@fields))")}
                """;
            rollups.Parameters.AddWithValue("@device", device);
            rollups.Parameters.AddWithValue("@from", from);
            rollups.Parameters.AddWithValue("@to", rollupEnd);
            if (wanted is not null)
            {
                rollups.Parameters.AddWithValue("@fields", JsonSerializer.Serialize(wanted));
            }
            await using var reader = await rollups.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var key = (MessageQueryRules.BucketIndex(query, reader.GetInt64(0)), reader.GetString(1));
                if (!buckets.TryGetValue(key, out var accumulator))
                {
                    buckets[key] = accumulator = new SeriesAccumulator();
                }
                var numeric = reader.GetInt64(3);
                accumulator.Add(reader.GetInt64(2), numeric, reader.GetDouble(4), numeric > 0 ? reader.GetDouble(5) : 0, numeric > 0 ? reader.GetDouble(6) : 0);
            }
            rawFrom = rollupEnd;
        }
        if (rawFrom < to)
        {
            await using var raw = connection.CreateCommand();
            raw.Transaction = transaction;
            raw.CommandText = "SELECT ts, fields FROM messages WHERE device_key = @device AND ts >= @from AND ts < @to AND fields IS NOT NULL ORDER BY ts, sequence";
            raw.Parameters.AddWithValue("@device", device);
            raw.Parameters.AddWithValue("@from", rawFrom);
            raw.Parameters.AddWithValue("@to", to);
            await using var reader = await raw.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                MessageRows.Accumulate(query, wanted, reader.GetInt64(0), (byte[])reader.GetValue(1), buckets);
            }
        }
        return MessageRows.ToBuckets(query, buckets);
    }

    public async Task<long> DeleteDeviceAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (await FindDeviceAsync(connection, deviceId, cancellationToken).ConfigureAwait(false) is not { } device)
        {
            return 0;
        }
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("@device", device);
        command.CommandText = "DELETE FROM messages WHERE device_key = @device";
        long removed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        command.CommandText = "DELETE FROM message_rollups WHERE device_key = @device; DELETE FROM message_latest WHERE device_key = @device;";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return removed;
    }

    public async Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var cutoffMs = MessageQueryRules.BoundMilliseconds(cutoff);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var devices = new List<long>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT device_key FROM message_devices WHERE service_id = @service ORDER BY device_key";
            list.Parameters.AddWithValue("@service", _serviceId);
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

    /// <summary>
    /// Deletes up to about <see cref="MessageOptions.RetentionChunkSize"/> of the device's oldest
    /// messages before <paramref name="cutoffMs"/> in one short transaction, and what was derived
    /// from them (<see cref="MessageRetentionChunk"/>); returns how many, 0 when none are left.
    /// </summary>
    private async Task<long> DeleteChunkAsync(SqliteConnection connection, long device, long cutoffMs, CancellationToken cancellationToken)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("@device", device);
        command.Parameters.AddWithValue("@cutoff", cutoffMs);
        command.Parameters.AddWithValue("@offset", _retentionChunk - 1);
        command.CommandText = """
            SELECT (SELECT ts FROM messages WHERE device_key = @device AND ts < @cutoff ORDER BY ts, sequence LIMIT 1),
                   (SELECT ts FROM messages WHERE device_key = @device AND ts < @cutoff ORDER BY ts, sequence LIMIT 1 OFFSET @offset)
            """;
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
        command.Parameters["@cutoff"].Value = until;
        command.CommandText = "DELETE FROM messages WHERE device_key = @device AND ts < @cutoff";
        long removed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        command.CommandText = """
            DELETE FROM message_latest WHERE device_key = @device AND ts < @cutoff;
            DELETE FROM message_rollups WHERE device_key = @device AND minute + 60000 <= @cutoff;
            """;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

        // The minute the cut falls in lost some of its values: aggregate what is left of it again.
        var minute = MessageBatchSummary.MinuteOf(until);
        if (minute < until)
        {
            command.Parameters.AddWithValue("@minute", minute);
            command.Parameters.AddWithValue("@minute_end", minute + MessageBatchSummary.RollupMilliseconds);
            command.CommandText = "SELECT fields FROM messages WHERE device_key = @device AND ts >= @cutoff AND ts < @minute_end AND fields IS NOT NULL ORDER BY ts, sequence";
            var rest = new Dictionary<string, SeriesAccumulator>(StringComparer.Ordinal);
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    MessageRetentionChunk.Accumulate((byte[])reader.GetValue(0), rest);
                }
            }
            command.CommandText = "DELETE FROM message_rollups WHERE device_key = @device AND minute = @minute";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = UpsertRollupSql;
            foreach (var (field, rollup) in rest)
            {
                BindRollup(insert, device, minute, field, rollup);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return removed;
    }

    private async Task WriteBatchAsync(IReadOnlyList<StoredMessage> batch, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        // IMMEDIATE takes the write lock up front, so the batch cannot fail half-way on a lock upgrade.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT last FROM message_sequence WHERE id = 1";
        var sequence = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;

        // Keys created in this transaction are cached only once it commits: a rolled-back key
        // could be handed to another device.
        var created = new Dictionary<string, long>(StringComparer.Ordinal);
        _summary.Clear();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = InsertMessageSql;
        var device = insert.Parameters.Add("@device", SqliteType.Integer);
        var ts = insert.Parameters.Add("@ts", SqliteType.Integer);
        var seq = insert.Parameters.Add("@sequence", SqliteType.Integer);
        var mid = insert.Parameters.Add("@mid", SqliteType.Text);
        var receivedAt = insert.Parameters.Add("@received_at", SqliteType.Integer);
        var deviceTs = insert.Parameters.Add("@device_ts", SqliteType.Integer);
        var senderKind = insert.Parameters.Add("@sender_kind", SqliteType.Text);
        var senderId = insert.Parameters.Add("@sender_id", SqliteType.Text);
        var credentialKind = insert.Parameters.Add("@credential_kind", SqliteType.Text);
        var credentialId = insert.Parameters.Add("@credential_id", SqliteType.Text);
        var payload = insert.Parameters.Add("@payload", SqliteType.Text);
        var fields = insert.Parameters.Add("@fields", SqliteType.Blob);
        insert.Prepare();
        foreach (var stored in batch)
        {
            var message = stored.Message;
            if (!_deviceKeys.TryGetValue(message.DeviceId, out var key) && !created.TryGetValue(message.DeviceId, out key))
            {
                created[message.DeviceId] = key = await EnsureDeviceAsync(connection, transaction, message.DeviceId, cancellationToken).ConfigureAwait(false);
            }
            var timestamp = MessageQueryRules.SeriesMilliseconds(message);
            device.Value = key;
            ts.Value = timestamp;
            seq.Value = ++sequence;
            mid.Value = message.Mid;
            receivedAt.Value = message.ReceivedAt.ToUnixTimeMilliseconds();
            deviceTs.Value = message.DeviceTimestamp is { } dts ? dts.ToUnixTimeMilliseconds() : DBNull.Value;
            senderKind.Value = message.Sender.Kind.ToString();
            senderId.Value = message.Sender.Id;
            credentialKind.Value = message.Sender.Credential.ToString();
            credentialId.Value = (object?)message.Sender.CredentialId ?? DBNull.Value;
            payload.Value = message.PayloadJson;
            fields.Value = (object?)FieldSampleCodec.Encode(stored.Fields) ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (!stored.Fields.IsDefaultOrEmpty)
            {
                _summary.Add(key, timestamp, sequence, message.Mid, stored.Fields);
            }
        }

        await using (var rollup = connection.CreateCommand())
        {
            rollup.Transaction = transaction;
            rollup.CommandText = UpsertRollupSql;
            foreach (var (key, minute, field, accumulator) in _summary.Rollups)
            {
                BindRollup(rollup, key, minute, field, accumulator);
                await rollup.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        await using (var latest = connection.CreateCommand())
        {
            latest.Transaction = transaction;
            latest.CommandText = UpsertLatestSql;
            var lDevice = latest.Parameters.Add("@device", SqliteType.Integer);
            var lField = latest.Parameters.Add("@field", SqliteType.Text);
            var lType = latest.Parameters.Add("@type", SqliteType.Text);
            var lTs = latest.Parameters.Add("@ts", SqliteType.Integer);
            var lSequence = latest.Parameters.Add("@sequence", SqliteType.Integer);
            var lMid = latest.Parameters.Add("@mid", SqliteType.Text);
            var lNumber = latest.Parameters.Add("@number", SqliteType.Real);
            var lText = latest.Parameters.Add("@text", SqliteType.Text);
            latest.Prepare();
            foreach (var value in _summary.Latest)
            {
                lDevice.Value = value.Device;
                lField.Value = value.Sample.Name;
                lType.Value = value.Sample.Type.ToString();
                lTs.Value = value.TimestampMs;
                lSequence.Value = value.Sequence;
                lMid.Value = value.Mid;
                lNumber.Value = value.Sample.IsNumeric ? value.Sample.Number : DBNull.Value;
                lText.Value = (object?)value.Sample.Text ?? DBNull.Value;
                await latest.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        command.CommandText = "UPDATE message_sequence SET last = @last WHERE id = 1";
        command.Parameters.AddWithValue("@last", sequence);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (deviceId, key) in created)
        {
            _deviceKeys[deviceId] = key;
        }
    }

    private static void BindRollup(SqliteCommand command, long device, long minute, string field, SeriesAccumulator rollup)
    {
        if (command.Parameters.Count == 0)
        {
            command.Parameters.Add("@device", SqliteType.Integer);
            command.Parameters.Add("@minute", SqliteType.Integer);
            command.Parameters.Add("@field", SqliteType.Text);
            command.Parameters.Add("@count", SqliteType.Integer);
            command.Parameters.Add("@numeric_count", SqliteType.Integer);
            command.Parameters.Add("@sum", SqliteType.Real);
            command.Parameters.Add("@min", SqliteType.Real);
            command.Parameters.Add("@max", SqliteType.Real);
            command.Prepare();
        }
        var numeric = rollup.NumericCount > 0;
        command.Parameters[0].Value = device;
        command.Parameters[1].Value = minute;
        command.Parameters[2].Value = field;
        command.Parameters[3].Value = rollup.Count;
        command.Parameters[4].Value = rollup.NumericCount;
        command.Parameters[5].Value = rollup.Sum;
        command.Parameters[6].Value = numeric ? rollup.Min : DBNull.Value;
        command.Parameters[7].Value = numeric ? rollup.Max : DBNull.Value;
    }

    private async Task<long> EnsureDeviceAsync(SqliteConnection connection, SqliteTransaction transaction, string deviceId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO message_devices (service_id, device_id) VALUES (@service, @device) ON CONFLICT (service_id, device_id) DO NOTHING;
            SELECT device_key FROM message_devices WHERE service_id = @service AND device_id = @device;
            """;
        command.Parameters.AddWithValue("@service", _serviceId);
        command.Parameters.AddWithValue("@device", deviceId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task<long?> FindDeviceAsync(SqliteConnection connection, string deviceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        if (_deviceKeys.TryGetValue(deviceId, out var cached))
        {
            return cached;
        }
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT device_key FROM message_devices WHERE service_id = @service AND device_id = @device";
        command.Parameters.AddWithValue("@service", _serviceId);
        command.Parameters.AddWithValue("@device", deviceId);
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long key)
        {
            // Committed (a reader sees nothing else) and never deleted, so it may be cached.
            _deviceKeys[deviceId] = key;
            return key;
        }
        return null;
    }
}
