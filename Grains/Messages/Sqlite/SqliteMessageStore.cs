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
/// that appends the messages to the inbox; with <c>synchronous=FULL</c> it is on disk before any
/// append of it returns. A compactor loop moves the inbox, every
/// <see cref="MessageOptions.SqliteCompactionInterval"/>, into the device-clustered messages and
/// the per-minute rollups in large sorted chunks (<see cref="SqliteMessageWriter"/>). Every read
/// merges the device's inbox rows with the compacted data in one snapshot, so it sees what an
/// uncompacted store would. Tables: <see cref="SqliteMessageSchema"/>.
/// </summary>
public sealed partial class SqliteMessageStore : IMessageStore, IAsyncDisposable
{
    private readonly SqliteConnectionFactory _connections;
    private readonly string _serviceId;
    private readonly int _retentionChunk;
    private readonly GroupCommitWriter<StoredMessage> _writer;
    private readonly ConcurrentDictionary<string, long> _deviceKeys = new(StringComparer.Ordinal);
    private readonly SqliteMessageWriter _batches;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _compactor;
    private readonly ILogger _logger;
    private readonly Runtime.Diagnostics.StorageOperation _commit;

    public SqliteMessageStore(SqliteStorageOptions storage, string serviceId, MessageOptions? options = null, ILogger<SqliteMessageStore>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentException.ThrowIfNullOrEmpty(serviceId);
        options ??= new MessageOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RetentionChunkSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SqliteCompactionChunkSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SqliteInboxLimit, 1, nameof(options));
        if (options.SqliteCompactionInterval <= TimeSpan.Zero && options.SqliteCompactionInterval != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SqliteCompactionInterval, "The compaction interval must be positive (or infinite: only back-pressure compacts).");
        }
        _connections = new SqliteConnectionFactory(storage);
        _serviceId = serviceId;
        _retentionChunk = options.RetentionChunkSize;
        _logger = (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _batches = new SqliteMessageWriter(_connections, serviceId, _deviceKeys, options.SqliteCompactionChunkSize, options.SqliteInboxLimit);
        _commit = new(Runtime.Diagnostics.StorageInstruments.Messages, GetType().Name, "commit");
        _writer = new GroupCommitWriter<StoredMessage>(CommitAsync, options.StoreMaxBatchSize, options.StoreQueueCapacity, "message store", logger);
        _compactor = options.SqliteCompactionInterval == Timeout.InfiniteTimeSpan
            ? Task.CompletedTask
            : CompactLoopAsync(new PeriodicTimer(options.SqliteCompactionInterval, time ?? TimeProvider.System), _stopping.Token);
    }

    /// <summary>Where each batch commit is counted (one operation per transaction, not per message); null counts nothing.</summary>
    public Runtime.Diagnostics.StorageInstruments? Instruments { get; init; }

    private Task CommitAsync(IReadOnlyList<StoredMessage> batch, CancellationToken cancellationToken) =>
        Instruments is { } instruments
            ? instruments.MeasureAsync(_commit, token => _batches.WriteAsync(batch, token), cancellationToken)
            : _batches.WriteAsync(batch, cancellationToken);

    /// <summary>
    /// Compacts the whole inbox now (the compactor loop does it on its own every
    /// <see cref="MessageOptions.SqliteCompactionInterval"/>); returns how many messages it moved.
    /// Reads give the same results before and after.
    /// </summary>
    public async Task<long> CompactAsync(CancellationToken cancellationToken = default)
    {
        long moved = 0;
        int chunk;
        do
        {
            chunk = await _batches.CompactAsync(_batches.CompactionChunk, cancellationToken).ConfigureAwait(false);
            moved += chunk;
        }
        while (chunk == _batches.CompactionChunk);
        return moved;
    }

    private async Task CompactLoopAsync(PeriodicTimer timer, CancellationToken stopping)
    {
        using var _ = timer;
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    await CompactAsync(stopping).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The inbox keeps the messages (reads still see them); the next tick tries again.
                    LogCompactionFailed(_logger, exception, DatabasePath);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Compacting the message inbox of {Database} failed; retrying at the next interval.")]
    private static partial void LogCompactionFailed(ILogger logger, Exception exception, string database);

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
        // One statement reads one snapshot, so a message is in exactly one of the two arms; each
        // arm is limited on its own index order, so only the two page-sized heads are merged.
        var where = $"WHERE device_key = @device AND ts >= @from AND ts < @to {(cursor is null ? "" : $"AND (ts, sequence) {comparison} (@cursor_ts, @cursor_sequence)")} ORDER BY ts {order}, sequence {order} LIMIT @limit";
        command.CommandText = $"""
            SELECT * FROM (SELECT {MessageRows.MessageColumns} FROM messages {where})
            UNION ALL
            SELECT * FROM (SELECT {MessageRows.MessageColumns} FROM message_inbox {where})
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
        // The rollups' latest values and the inbox's newer ones, in one snapshot.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var latest = new Dictionary<string, (FieldValue Value, long Ts, long Sequence)>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = MessageRows.LatestSql;
            command.Parameters.AddWithValue("@device", device);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var value = MessageRows.ReadLatest(reader);
                latest[value.Field] = (value, reader.GetInt64(2), reader.GetInt64(6));
            }
        }
        await using (var inbox = connection.CreateCommand())
        {
            inbox.Transaction = transaction;
            inbox.CommandText = "SELECT ts, sequence, mid, fields FROM message_inbox WHERE device_key = @device AND fields IS NOT NULL";
            inbox.Parameters.AddWithValue("@device", device);
            await using var reader = await inbox.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var (ts, sequence) = (reader.GetInt64(0), reader.GetInt64(1));
                foreach (var sample in FieldSampleCodec.Decode((byte[])reader.GetValue(3)))
                {
                    if (!latest.TryGetValue(sample.Name, out var current) || ts > current.Ts || (ts == current.Ts && sequence > current.Sequence))
                    {
                        latest[sample.Name] = (MessageRows.ToLatest(sample, ts, reader.GetString(2)), ts, sequence);
                    }
                }
            }
        }
        return MessageRows.SortLatest([.. latest.Values.Select(v => v.Value)]);
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
            rollups.CommandText = (wanted is null ? MessageRows.AllFieldsCte : "WITH fields(name) AS (SELECT value FROM json_each(@fields))") + MessageRows.RollupRangeSql;
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
                MessageRows.AccumulateRollup(query, reader, buckets);
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

        // Inbox rows are in no rollup yet: every one in the range counts raw, whatever the alignment.
        await using (var inbox = connection.CreateCommand())
        {
            inbox.Transaction = transaction;
            inbox.CommandText = "SELECT ts, fields FROM message_inbox WHERE device_key = @device AND ts >= @from AND ts < @to AND fields IS NOT NULL";
            inbox.Parameters.AddWithValue("@device", device);
            inbox.Parameters.AddWithValue("@from", from);
            inbox.Parameters.AddWithValue("@to", to);
            await using var reader = await inbox.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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
        command.CommandText = "DELETE FROM message_inbox WHERE device_key = @device";
        removed += await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
            // The device's inbox rows are few (the compactor's lag) and in no rollup: one statement.
            await using (var inbox = connection.CreateCommand())
            {
                inbox.CommandText = "DELETE FROM message_inbox WHERE device_key = @device AND ts < @cutoff";
                inbox.Parameters.AddWithValue("@device", device);
                inbox.Parameters.AddWithValue("@cutoff", cutoffMs);
                removed += await inbox.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
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

    /// <summary>Commits everything queued, then closes the writer's connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _compactor.ConfigureAwait(false);
        _stopping.Dispose();
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _batches.DisposeAsync().ConfigureAwait(false);
    }

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
        command.CommandText = "DELETE FROM message_rollups WHERE device_key = @device AND minute + 60000 <= @cutoff";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

        // The minute the cut falls in lost some of its values: aggregate what is left of it again.
        var minute = MessageBatchSummary.MinuteOf(until);
        if (minute < until)
        {
            command.Parameters.AddWithValue("@minute", minute);
            command.Parameters.AddWithValue("@minute_end", minute + MessageBatchSummary.RollupMilliseconds);
            command.CommandText = "SELECT ts, sequence, mid, fields FROM messages WHERE device_key = @device AND ts >= @cutoff AND ts < @minute_end AND fields IS NOT NULL ORDER BY ts, sequence";
            var rest = new MessageBatchSummary();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rest.Add(device, reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), FieldSampleCodec.Decode((byte[])reader.GetValue(3)));
                }
            }
            command.CommandText = "DELETE FROM message_rollups WHERE device_key = @device AND minute = @minute";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            using var insert = new SqliteStatement(connection, SqliteMessageWriter.UpsertRollupSql);
            foreach (var entry in rest.Entries)
            {
                SqliteMessageWriter.BindRollup(insert, entry);
                insert.Execute();
            }
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return removed;
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
