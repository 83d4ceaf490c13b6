-- Gatehouse schema for PostgreSQL (clusters).
--
-- The silo applies this itself at start-up (PostgresSchemaInitializer), inside one transaction
-- holding pg_advisory_xact_lock(5143520228326471027), so silos starting together do not race.
-- This file is the same text for operators who want to read it or create the tables by hand
-- (for example when the silo's database user may not run DDL); a test keeps it identical to
-- Runtime/Persistence/Postgres/PostgresSchema.cs. Every migration records itself in
-- schema_version, so creating the tables from this file and then starting a silo is safe.

CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER     NOT NULL PRIMARY KEY,
    applied_at TIMESTAMPTZ NOT NULL
);

-- Migration 1: grain state and reminders.
--
-- grain_state.version is the ETag (as a decimal string). A cleared state keeps its row with
-- data NULL (a tombstone) so the version never goes back and an old ETag can never match again.

CREATE TABLE IF NOT EXISTS grain_state (
    service_id  TEXT        NOT NULL,
    grain_type  TEXT        NOT NULL,
    grain_key   TEXT        NOT NULL,
    state_name  TEXT        NOT NULL,
    version     BIGINT      NOT NULL,
    data        BYTEA       NULL,
    modified_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (service_id, grain_type, grain_key, state_name)
);

CREATE TABLE IF NOT EXISTS reminders (
    service_id    TEXT        NOT NULL,
    grain_type    TEXT        NOT NULL,
    grain_key     TEXT        NOT NULL,
    reminder_name TEXT        NOT NULL,
    start_at      TIMESTAMPTZ NOT NULL,
    period_ms     BIGINT      NOT NULL,
    grain_hash    BIGINT      NOT NULL CHECK (grain_hash BETWEEN 0 AND 4294967295), -- an unsigned 32-bit hash
    version       BIGINT      NOT NULL,
    PRIMARY KEY (service_id, grain_type, grain_key, reminder_name)
);

CREATE INDEX IF NOT EXISTS ix_reminders_service_hash ON reminders (service_id, grain_hash);

INSERT INTO schema_version (version, applied_at) VALUES (1, now())
    ON CONFLICT (version) DO NOTHING;

-- Migration 2: the audit log.
--
-- Append-only: the trigger rejects every UPDATE, DELETE and TRUNCATE, whoever runs them. A
-- superuser or the table owner can still drop the trigger or the table; to make that a separate
-- privilege, let another role own the table and grant the silo's role only SELECT and INSERT.
-- CREATE OR REPLACE TRIGGER needs PostgreSQL 14 or later.

CREATE TABLE IF NOT EXISTS audit_log (
    sequence        BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service_id      TEXT        NOT NULL,
    occurred_at     TIMESTAMPTZ NOT NULL,
    action          TEXT        NOT NULL,
    outcome         TEXT        NOT NULL,
    actor_kind      TEXT        NOT NULL,
    actor_id        TEXT        NULL,
    credential_kind TEXT        NOT NULL,
    credential_id   TEXT        NULL,
    subject_type    TEXT        NULL,
    subject_id      TEXT        NULL,
    account_id      TEXT        NULL,
    source_address  TEXT        NULL,
    details         TEXT        NULL -- a JSON object of strings; never a secret
);

CREATE INDEX IF NOT EXISTS ix_audit_log_account ON audit_log (service_id, account_id, sequence);
CREATE INDEX IF NOT EXISTS ix_audit_log_actor ON audit_log (service_id, actor_id, sequence);
CREATE INDEX IF NOT EXISTS ix_audit_log_subject ON audit_log (service_id, subject_id, sequence);

CREATE OR REPLACE FUNCTION audit_log_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
END;
$$;

CREATE OR REPLACE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_reject_change();

INSERT INTO schema_version (version, applied_at) VALUES (2, now())
    ON CONFLICT (version) DO NOTHING;
