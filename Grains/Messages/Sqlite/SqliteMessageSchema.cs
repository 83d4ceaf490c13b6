namespace Gatehouse.Grains.Messages.Sqlite;

/// <summary>
/// The schema of the SQLite message database (by default <c>data/messages.db</c>, a file of its
/// own: see docs/architecture.md, "Message store"), as ordered migrations recorded in
/// <c>message_schema_version</c>, a name of its own so the tables can also share a file with
/// grain state. <c>deploy/schema/sqlite-messages.sql</c> holds the same text (a test keeps the
/// two identical). Never edit a published migration: add the next one.
/// </summary>
public static class SqliteMessageSchema
{
    public const string VersionTable = """
        CREATE TABLE IF NOT EXISTS message_schema_version (
            version    INTEGER NOT NULL PRIMARY KEY,
            applied_at TEXT    NOT NULL
        );
        """;

    /// <summary>
    /// Devices get a small integer key on their first message so every other table and index is
    /// narrow; the key is never reused or deleted (deleting a device's messages keeps its row), so
    /// stores may cache it. Messages are clustered by (device, time, sequence): a range is one
    /// contiguous scan. Rollups (which also give the latest values) are derived from messages
    /// in the same transaction that stores them.
    /// </summary>
    public const string Version1 = """
        CREATE TABLE IF NOT EXISTS message_devices (
            device_key INTEGER NOT NULL PRIMARY KEY,
            service_id TEXT    NOT NULL,
            device_id  TEXT    NOT NULL,
            UNIQUE (service_id, device_id)
        );

        -- One row: the last sequence number handed out. Batches take theirs under the write lock.
        CREATE TABLE IF NOT EXISTS message_sequence (
            id   INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            last INTEGER NOT NULL
        );
        INSERT INTO message_sequence (id, last) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;

        CREATE TABLE IF NOT EXISTS messages (
            device_key      INTEGER NOT NULL,
            ts              INTEGER NOT NULL, -- series time: device time if sent, else server time; Unix ms
            sequence        INTEGER NOT NULL, -- store order; breaks ties within a millisecond
            mid             TEXT    NOT NULL,
            received_at     INTEGER NOT NULL, -- Unix ms
            device_ts       INTEGER NULL,     -- Unix ms
            sender_kind     TEXT    NOT NULL,
            sender_id       TEXT    NOT NULL,
            credential_kind TEXT    NOT NULL,
            credential_id   TEXT    NULL,
            payload         TEXT    NOT NULL, -- the JSON exactly as accepted
            fields          BLOB    NULL,     -- the extracted field values (FieldSampleCodec)
            PRIMARY KEY (device_key, ts, sequence)
        ) WITHOUT ROWID;

        -- Per device, field and minute: what a scan of that minute's values would aggregate, and
        -- the minute's last value (by time, then sequence). A field's latest value is the last
        -- value of its latest minute.
        CREATE TABLE IF NOT EXISTS message_rollups (
            device_key    INTEGER NOT NULL,
            field         TEXT    NOT NULL,
            minute        INTEGER NOT NULL, -- Unix ms of the minute's start
            count         INTEGER NOT NULL,
            numeric_count INTEGER NOT NULL,
            sum           REAL    NOT NULL,
            min           REAL    NULL,
            max           REAL    NULL,
            last_type     TEXT    NOT NULL,
            last_ts       INTEGER NOT NULL,
            last_sequence INTEGER NOT NULL,
            last_mid      TEXT    NOT NULL,
            last_number   REAL    NULL,
            last_text     TEXT    NULL,
            PRIMARY KEY (device_key, field, minute)
        ) WITHOUT ROWID;

        INSERT INTO message_schema_version (version, applied_at) VALUES (1, CURRENT_TIMESTAMP)
            ON CONFLICT (version) DO NOTHING;
        """;

    /// <summary>
    /// The inbox: acknowledged messages not yet compacted into <c>messages</c> and the rollups.
    /// An append commits only here, in append order (rowid), so a group commit writes a few
    /// sequential pages instead of one random page per device in each clustered table; a
    /// compactor moves the inbox in large chunks sorted by device (docs/architecture.md,
    /// "Message store"). Each message is in exactly one of the two tables, and reads merge both.
    /// The index on (device, time, sequence) lets a read find its device's few inbox rows.
    /// </summary>
    public const string Version2 = """
        CREATE TABLE IF NOT EXISTS message_inbox (
            id              INTEGER NOT NULL PRIMARY KEY, -- append order
            device_key      INTEGER NOT NULL,
            ts              INTEGER NOT NULL,
            sequence        INTEGER NOT NULL,
            mid             TEXT    NOT NULL,
            received_at     INTEGER NOT NULL,
            device_ts       INTEGER NULL,
            sender_kind     TEXT    NOT NULL,
            sender_id       TEXT    NOT NULL,
            credential_kind TEXT    NOT NULL,
            credential_id   TEXT    NULL,
            payload         TEXT    NOT NULL,
            fields          BLOB    NULL
        );
        CREATE INDEX IF NOT EXISTS message_inbox_device ON message_inbox (device_key, ts, sequence);

        INSERT INTO message_schema_version (version, applied_at) VALUES (2, CURRENT_TIMESTAMP)
            ON CONFLICT (version) DO NOTHING;
        """;

    public static IReadOnlyList<(int Version, string Sql)> Migrations { get; } = [(1, Version1), (2, Version2)];

    /// <summary>The whole schema as one script, as published in <c>deploy/schema/sqlite-messages.sql</c>.</summary>
    public static string Script { get; } = string.Join("\n\n", [VersionTable, .. Migrations.Select(m => m.Sql)]);
}
