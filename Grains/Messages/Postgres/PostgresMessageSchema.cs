namespace Gatehouse.Grains.Messages.Postgres;

/// <summary>
/// The message tables in PostgreSQL (normally the grain-state database), as ordered migrations
/// recorded in <c>message_schema_version</c>, apart from the runtime's <c>schema_version</c>
/// because the runtime knows nothing of messages and SQLite keeps them in a file of their own.
/// <c>deploy/schema/postgresql-messages.sql</c> holds the same text (a test keeps the two
/// identical). Never edit a published migration: add the next one.
/// </summary>
public static class PostgresMessageSchema
{
    /// <summary>The <c>pg_advisory_xact_lock</c> key serializing message migrations ("GateMsgS" in ASCII).</summary>
    public const long MigrationLockKey = 0x4761_7465_4D73_6753;

    public const string VersionTable = """
        CREATE TABLE IF NOT EXISTS message_schema_version (
            version    INTEGER     NOT NULL PRIMARY KEY,
            applied_at TIMESTAMPTZ NOT NULL
        );
        """;

    /// <summary>
    /// Devices get a small key on their first message (never reused or deleted, so stores cache
    /// it); messages are clustered by (device, time, sequence) through their primary key; per-minute
    /// rollups (which also give the latest values) are derived in the transaction that stores the messages. Times
    /// are Unix milliseconds, as in SQLite, so both stores read rows the same way.
    /// </summary>
    public const string Version1 = """
        CREATE TABLE IF NOT EXISTS message_devices (
            device_key BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            service_id TEXT   NOT NULL,
            device_id  TEXT   NOT NULL,
            UNIQUE (service_id, device_id)
        );

        CREATE SEQUENCE IF NOT EXISTS message_sequence;

        CREATE TABLE IF NOT EXISTS messages (
            device_key      BIGINT NOT NULL,
            ts              BIGINT NOT NULL, -- series time: device time if sent, else server time; Unix ms
            sequence        BIGINT NOT NULL, -- from message_sequence; breaks ties within a millisecond
            mid             TEXT   NOT NULL,
            received_at     BIGINT NOT NULL, -- Unix ms
            device_ts       BIGINT NULL,     -- Unix ms
            sender_kind     TEXT   NOT NULL,
            sender_id       TEXT   NOT NULL,
            credential_kind TEXT   NOT NULL,
            credential_id   TEXT   NULL,
            payload         TEXT   NOT NULL, -- the JSON exactly as accepted
            fields          BYTEA  NULL,     -- the extracted field values (FieldSampleCodec)
            PRIMARY KEY (device_key, ts, sequence)
        );

        CREATE TABLE IF NOT EXISTS message_rollups (
            device_key    BIGINT           NOT NULL,
            field         TEXT             NOT NULL,
            minute        BIGINT           NOT NULL, -- Unix ms of the minute's start
            count         BIGINT           NOT NULL,
            numeric_count BIGINT           NOT NULL,
            sum           DOUBLE PRECISION NOT NULL,
            min           DOUBLE PRECISION NULL,
            max           DOUBLE PRECISION NULL,
            last_type     TEXT             NOT NULL,
            last_ts       BIGINT           NOT NULL,
            last_sequence BIGINT           NOT NULL,
            last_mid      TEXT             NOT NULL,
            last_number   DOUBLE PRECISION NULL,
            last_text     TEXT             NULL,
            PRIMARY KEY (device_key, field, minute)
        );

        INSERT INTO message_schema_version (version, applied_at) VALUES (1, now())
            ON CONFLICT (version) DO NOTHING;
        """;

    public static IReadOnlyList<(int Version, string Sql)> Migrations { get; } = [(1, Version1)];

    /// <summary>The whole schema as one script, as published in <c>deploy/schema/postgresql-messages.sql</c>.</summary>
    public static string Script { get; } = string.Join("\n\n", [VersionTable, .. Migrations.Select(m => m.Sql)]);
}
