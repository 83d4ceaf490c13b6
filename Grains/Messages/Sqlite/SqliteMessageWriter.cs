using System.Collections.Concurrent;
using Gatehouse.Runtime.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Grains.Messages.Sqlite;

/// <summary>
/// The SQLite message store's two writes, on one connection with prepared statements. The commit
/// function (<see cref="WriteAsync"/>, called by the group-commit loop) is one <c>BEGIN IMMEDIATE</c>
/// transaction per batch that takes the batch's sequence numbers and appends its messages to
/// <c>message_inbox</c>, nothing else. <see cref="CompactAsync"/> moves the oldest inbox rows into
/// <c>messages</c>, sorted by (device, time, sequence), and adds their
/// <see cref="MessageBatchSummary"/> to the rollups, deleting them from the inbox in the same
/// transaction. The two take turns (a gate), and the session is dropped after any failure so the
/// next call starts on a fresh connection. When the inbox holds <c>inboxLimit</c> rows, a batch
/// compacts a chunk before it commits: back-pressure if the compactor falls behind.
/// </summary>
internal sealed class SqliteMessageWriter(SqliteConnectionFactory connections, string serviceId, ConcurrentDictionary<string, long> deviceKeys, int compactionChunk, int inboxLimit) : IAsyncDisposable
{
    /// <summary>Adds a batch's part of one rollup row; the minute's last value moves only forward.</summary>
    public const string UpsertRollupSql = """
        INSERT INTO message_rollups (device_key, field, minute, count, numeric_count, sum, min, max,
                                     last_type, last_ts, last_sequence, last_mid, last_number, last_text)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
        ON CONFLICT (device_key, field, minute) DO UPDATE SET
            count = message_rollups.count + excluded.count,
            numeric_count = message_rollups.numeric_count + excluded.numeric_count,
            sum = message_rollups.sum + excluded.sum,
            min = min(coalesce(message_rollups.min, excluded.min), coalesce(excluded.min, message_rollups.min)),
            max = max(coalesce(message_rollups.max, excluded.max), coalesce(excluded.max, message_rollups.max)),
            last_type = iif(excluded.last_ts > message_rollups.last_ts OR (excluded.last_ts = message_rollups.last_ts AND excluded.last_sequence > message_rollups.last_sequence), excluded.last_type, message_rollups.last_type),
            last_mid = iif(excluded.last_ts > message_rollups.last_ts OR (excluded.last_ts = message_rollups.last_ts AND excluded.last_sequence > message_rollups.last_sequence), excluded.last_mid, message_rollups.last_mid),
            last_number = iif(excluded.last_ts > message_rollups.last_ts OR (excluded.last_ts = message_rollups.last_ts AND excluded.last_sequence > message_rollups.last_sequence), excluded.last_number, message_rollups.last_number),
            last_text = iif(excluded.last_ts > message_rollups.last_ts OR (excluded.last_ts = message_rollups.last_ts AND excluded.last_sequence > message_rollups.last_sequence), excluded.last_text, message_rollups.last_text),
            last_sequence = iif(excluded.last_ts > message_rollups.last_ts OR (excluded.last_ts = message_rollups.last_ts AND excluded.last_sequence > message_rollups.last_sequence), excluded.last_sequence, message_rollups.last_sequence),
            last_ts = max(excluded.last_ts, message_rollups.last_ts)
        """;

    private const string InsertMessageSql = """
        INSERT INTO message_inbox (device_key, ts, sequence, mid, received_at, device_ts, sender_kind, sender_id, credential_kind, credential_id, payload, fields)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
        """;

    /// <summary>
    /// For the writer's connection only. Each batch dirties about one page per device it touches
    /// (messages and rollups are clustered by device), so with SQLite's default checkpoint (every
    /// 1,000 WAL pages) a busy store checkpointed after nearly every commit, copying and syncing
    /// the same pages again and again; 8,192 pages (32 MiB) lets a page absorb many commits before
    /// it is copied once. The larger cache (64 MiB) keeps those pages from being read back from
    /// the file. Measured in docs/benchmarks.md: kernel time per message fell by half.
    /// </summary>
    private const string WriterPragmas = "PRAGMA wal_autocheckpoint = 8192; PRAGMA cache_size = -65536;";

    private const string MoveInboxSql = """
        INSERT INTO messages (device_key, ts, sequence, mid, received_at, device_ts, sender_kind, sender_id, credential_kind, credential_id, payload, fields)
        SELECT device_key, ts, sequence, mid, received_at, device_ts, sender_kind, sender_id, credential_kind, credential_id, payload, fields
        FROM message_inbox WHERE id <= ?1 ORDER BY device_key, ts, sequence
        """;

    private readonly MessageBatchSummary _summary = new();
    private readonly Dictionary<string, long> _created = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Session? _session;

    /// <summary>Rows in the inbox as this writer counts them (read at open; other writers on the file are not seen).</summary>
    private long _inboxRows;

    public async Task WriteAsync(IReadOnlyList<StoredMessage> batch, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
            if (_inboxRows >= inboxLimit)
            {
                Compact(session, compactionChunk);
            }
            Append(session, batch);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Moves up to <paramref name="maxRows"/> of the oldest inbox rows; returns how many it moved.</summary>
    public async Task<int> CompactAsync(int maxRows, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Compact(await SessionAsync(cancellationToken).ConfigureAwait(false), maxRows);
        }
        finally
        {
            _gate.Release();
        }
    }

    public int CompactionChunk => compactionChunk;

    private async Task<Session> SessionAsync(CancellationToken cancellationToken)
    {
        if (_session is null)
        {
            _session = await Session.OpenAsync(connections, cancellationToken).ConfigureAwait(false);
            _inboxRows = _session.CountInbox.ExecuteScalarInt64();
        }
        return _session;
    }

    private int Compact(Session session, int maxRows)
    {
        _summary.Clear();
        var rows = 0;
        try
        {
            session.Begin.Execute();
            long lastId = 0;
            var read = session.ReadInbox;
            read.Bind(1, maxRows);
            try
            {
                while (read.Step())
                {
                    rows++;
                    lastId = read.ColumnInt64(0);
                    if (!read.ColumnIsNull(5))
                    {
                        // Straight into the summary: no list per message (a chunk has thousands).
                        var row = (Summary: _summary, Device: read.ColumnInt64(1), Ts: read.ColumnInt64(2), Sequence: read.ColumnInt64(3), Mid: read.ColumnText(4));
                        FieldSampleCodec.Decode(read.ColumnBlob(5), ref row, static (ref (MessageBatchSummary Summary, long Device, long Ts, long Sequence, string Mid) r, FieldSample sample) =>
                            r.Summary.Add(r.Device, r.Ts, r.Sequence, r.Mid, sample));
                    }
                }
            }
            finally
            {
                read.Reset();
            }
            if (rows > 0)
            {
                session.MoveInbox.Bind(1, lastId);
                session.MoveInbox.Execute();
                foreach (var entry in _summary.Entries)
                {
                    BindRollup(session.UpsertRollup, entry);
                    session.UpsertRollup.Execute();
                }
                session.DeleteInbox.Bind(1, lastId);
                session.DeleteInbox.Execute();
            }
            session.Commit.Execute();
        }
        catch
        {
            _session = null;
            session.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        _inboxRows = Math.Max(0, _inboxRows - rows);
        return rows;
    }

    private void Append(Session session, IReadOnlyList<StoredMessage> batch)
    {
        _created.Clear();
        try
        {
            // IMMEDIATE takes the write lock up front, so the batch cannot fail half-way on a lock upgrade.
            session.Begin.Execute();
            var sequence = session.ReadSequence.ExecuteScalarInt64();
            foreach (var stored in batch)
            {
                var message = stored.Message;
                var key = DeviceKey(session, message.DeviceId);
                var timestamp = MessageQueryRules.SeriesMilliseconds(message);
                sequence++;
                var insert = session.InsertMessage;
                insert.Bind(1, key);
                insert.Bind(2, timestamp);
                insert.Bind(3, sequence);
                insert.Bind(4, message.Mid);
                insert.Bind(5, message.ReceivedAt.ToUnixTimeMilliseconds());
                insert.Bind(6, message.DeviceTimestamp?.ToUnixTimeMilliseconds());
                insert.Bind(7, message.Sender.Kind.ToString());
                insert.Bind(8, message.Sender.Id);
                insert.Bind(9, message.Sender.Credential.ToString());
                insert.Bind(10, message.Sender.CredentialId);
                insert.Bind(11, message.PayloadJson);
                insert.Bind(12, FieldSampleCodec.Encode(stored.Fields));
                insert.Execute();
            }
            session.WriteSequence.Bind(1, sequence);
            session.WriteSequence.Execute();
            session.Commit.Execute();
        }
        catch
        {
            // Whatever failed, nothing of the batch may stay: roll back (if still open) and start over.
            _session = null;
            session.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        _inboxRows += batch.Count;
        // Keys made in this transaction are cached only once it committed: a rolled-back key
        // could be handed to another device.
        foreach (var (deviceId, key) in _created)
        {
            deviceKeys[deviceId] = key;
        }
    }

    public static void BindRollup(SqliteStatement statement, MessageBatchSummary.Entry entry)
    {
        var rollup = entry.Rollup;
        var numeric = rollup.NumericCount > 0;
        var last = entry.Last;
        statement.Bind(1, entry.Device);
        statement.Bind(2, entry.Field);
        statement.Bind(3, entry.Minute);
        statement.Bind(4, rollup.Count);
        statement.Bind(5, rollup.NumericCount);
        statement.Bind(6, rollup.Sum);
        statement.Bind(7, numeric ? rollup.Min : null);
        statement.Bind(8, numeric ? rollup.Max : null);
        statement.Bind(9, last.Sample.Type.ToString());
        statement.Bind(10, last.TimestampMs);
        statement.Bind(11, last.Sequence);
        statement.Bind(12, last.Mid);
        statement.Bind(13, last.Sample.IsNumeric ? last.Sample.Number : null);
        statement.Bind(14, last.Sample.Text);
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_session is { } session)
            {
                _session = null;
                await session.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private long DeviceKey(Session session, string deviceId)
    {
        if (deviceKeys.TryGetValue(deviceId, out var key) || _created.TryGetValue(deviceId, out key))
        {
            return key;
        }
        session.InsertDevice.Bind(1, serviceId);
        session.InsertDevice.Bind(2, deviceId);
        session.InsertDevice.Execute();
        session.FindDevice.Bind(1, serviceId);
        session.FindDevice.Bind(2, deviceId);
        key = session.FindDevice.ExecuteScalarInt64();
        _created[deviceId] = key;
        return key;
    }

    /// <summary>The writer's connection and its prepared statements.</summary>
    private sealed class Session : IAsyncDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly List<SqliteStatement> _statements = [];

        private Session(SqliteConnection connection)
        {
            _connection = connection;
            try
            {
                Begin = Prepare("BEGIN IMMEDIATE");
                Commit = Prepare("COMMIT");
                ReadSequence = Prepare("SELECT last FROM message_sequence WHERE id = 1");
                WriteSequence = Prepare("UPDATE message_sequence SET last = ?1 WHERE id = 1");
                InsertDevice = Prepare("INSERT INTO message_devices (service_id, device_id) VALUES (?1, ?2) ON CONFLICT (service_id, device_id) DO NOTHING");
                FindDevice = Prepare("SELECT device_key FROM message_devices WHERE service_id = ?1 AND device_id = ?2");
                InsertMessage = Prepare(InsertMessageSql);
                UpsertRollup = Prepare(UpsertRollupSql);
                CountInbox = Prepare("SELECT COUNT(*) FROM message_inbox");
                ReadInbox = Prepare("SELECT id, device_key, ts, sequence, mid, fields FROM message_inbox ORDER BY id LIMIT ?1");
                MoveInbox = Prepare(MoveInboxSql);
                DeleteInbox = Prepare("DELETE FROM message_inbox WHERE id <= ?1");
                Rollback = Prepare("ROLLBACK");
            }
            catch
            {
                DisposeStatements();
                throw;
            }
        }

        public SqliteStatement Rollback { get; }

        public SqliteStatement Begin { get; }

        public SqliteStatement Commit { get; }

        public SqliteStatement ReadSequence { get; }

        public SqliteStatement WriteSequence { get; }

        public SqliteStatement InsertDevice { get; }

        public SqliteStatement FindDevice { get; }

        public SqliteStatement InsertMessage { get; }

        public SqliteStatement UpsertRollup { get; }

        public SqliteStatement CountInbox { get; }

        public SqliteStatement ReadInbox { get; }

        public SqliteStatement MoveInbox { get; }

        public SqliteStatement DeleteInbox { get; }

        public static async Task<Session> OpenAsync(SqliteConnectionFactory connections, CancellationToken cancellationToken)
        {
            var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using (var pragmas = connection.CreateCommand())
                {
                    pragmas.CommandText = WriterPragmas;
                    pragmas.ExecuteNonQuery();
                }
                return new Session(connection);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_connection.Handle!.IsInvalid && SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0)
            {
                try
                {
                    Rollback.Execute();
                }
                catch (SqliteException)
                {
                    // The connection is closed below; closing it abandons the transaction too.
                }
            }
            DisposeStatements();
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        private void DisposeStatements()
        {
            foreach (var statement in _statements)
            {
                statement.Dispose();
            }
            _statements.Clear();
        }

        private SqliteStatement Prepare(string sql)
        {
            var statement = new SqliteStatement(_connection, sql);
            _statements.Add(statement);
            return statement;
        }
    }
}
