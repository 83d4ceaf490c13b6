-- Gatehouse message store schema for SQLite (the embedded default).
--
-- The silo applies this itself at start-up (SqliteMessageSchemaInitializer) to data/messages.db,
-- a file apart from gatehouse.db, inside one BEGIN IMMEDIATE transaction after setting
-- PRAGMA journal_mode = WAL. This file is the same text for operators; a test keeps it identical
-- to Grains/Messages/Sqlite/SqliteMessageSchema.cs. Migrations record themselves in
-- message_schema_version.

CREATE TABLE IF NOT EXISTS message_schema_version (
    version    INTEGER NOT NULL PRIMARY KEY,
    applied_at TEXT    NOT NULL
);

-- Migration 1: devices, messages and per-minute rollups (which carry each minute's last value).

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
