-- Gatehouse schema for SQLite (the embedded default).
--
-- The silo applies this itself at start-up (SqliteSchemaInitializer), inside one
-- BEGIN IMMEDIATE transaction, after setting PRAGMA journal_mode = WAL. This file is the same
-- text for operators who want to read it or create the database by hand; a test keeps it
-- identical to Runtime/Persistence/Sqlite/SqliteSchema.cs. Every migration records itself in
-- schema_version, so creating the database from this file and then starting a silo is safe.

CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER NOT NULL PRIMARY KEY,
    applied_at TEXT    NOT NULL
);

-- Migration 1: grain state and reminders.
--
-- grain_state.version is the ETag (as a decimal string). A cleared state keeps its row with
-- data NULL (a tombstone) so the version never goes back and an old ETag can never match again.

CREATE TABLE IF NOT EXISTS grain_state (
    service_id  TEXT    NOT NULL,
    grain_type  TEXT    NOT NULL,
    grain_key   TEXT    NOT NULL,
    state_name  TEXT    NOT NULL,
    version     BIGINT  NOT NULL,
    data        BLOB    NULL,
    modified_at INTEGER NOT NULL, -- Unix time in milliseconds, UTC
    PRIMARY KEY (service_id, grain_type, grain_key, state_name)
);

CREATE TABLE IF NOT EXISTS reminders (
    service_id    TEXT    NOT NULL,
    grain_type    TEXT    NOT NULL,
    grain_key     TEXT    NOT NULL,
    reminder_name TEXT    NOT NULL,
    start_at      INTEGER NOT NULL, -- Unix time in milliseconds, UTC
    period_ms     INTEGER NOT NULL,
    grain_hash    INTEGER NOT NULL CHECK (grain_hash BETWEEN 0 AND 4294967295),
    version       BIGINT  NOT NULL,
    PRIMARY KEY (service_id, grain_type, grain_key, reminder_name)
);

CREATE INDEX IF NOT EXISTS ix_reminders_service_hash ON reminders (service_id, grain_hash);

INSERT INTO schema_version (version, applied_at) VALUES (1, CURRENT_TIMESTAMP)
    ON CONFLICT (version) DO NOTHING;

-- Migration 2: the audit log.
--
-- Append-only: the triggers abort every UPDATE and DELETE, whoever runs them. sequence is
-- AUTOINCREMENT, so a number is never reused and readers page with "sequence > last seen".
-- Nothing stops DROP TABLE; protect the file (permissions, backups) if that matters.

CREATE TABLE IF NOT EXISTS audit_log (
    sequence        INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, -- never reused, so a cursor never skips
    service_id      TEXT    NOT NULL,
    occurred_at     INTEGER NOT NULL, -- Unix time in milliseconds, UTC
    action          TEXT    NOT NULL,
    outcome         TEXT    NOT NULL,
    actor_kind      TEXT    NOT NULL,
    actor_id        TEXT    NULL,
    credential_kind TEXT    NOT NULL,
    credential_id   TEXT    NULL,
    subject_type    TEXT    NULL,
    subject_id      TEXT    NULL,
    account_id      TEXT    NULL,
    source_address  TEXT    NULL,
    details         TEXT    NULL -- a JSON object of strings; never a secret
);

CREATE INDEX IF NOT EXISTS ix_audit_log_account ON audit_log (service_id, account_id, sequence);
CREATE INDEX IF NOT EXISTS ix_audit_log_actor ON audit_log (service_id, actor_id, sequence);
CREATE INDEX IF NOT EXISTS ix_audit_log_subject ON audit_log (service_id, subject_id, sequence);

CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE is not allowed');
END;

CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: DELETE is not allowed');
END;

INSERT INTO schema_version (version, applied_at) VALUES (2, CURRENT_TIMESTAMP)
    ON CONFLICT (version) DO NOTHING;
