namespace Gatehouse.Runtime.Persistence.Postgres;

/// <summary>
/// The PostgreSQL schema, as ordered migrations. <c>deploy/schema/postgresql.sql</c> holds the
/// same text for operators (a test keeps the two identical). Each migration records itself in
/// <c>schema_version</c>, so running the deploy script by hand and then starting a silo is safe.
/// Never edit a published migration: add the next one.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>
    /// The <c>pg_advisory_xact_lock</c> key that serializes schema migrations between silos
    /// starting at once against one database ("Gatehouse" in ASCII, truncated to 64 bits).
    /// </summary>
    public const long MigrationLockKey = 0x4761_7465_686F_7573;

    public const string VersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version    INTEGER     NOT NULL PRIMARY KEY,
            applied_at TIMESTAMPTZ NOT NULL
        );
        """;

    public const string Version1 = """
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
        """;

    /// <summary>
    /// The audit log (written by <c>Gatehouse.Grains.Audit.PostgresAuditLog</c>). Its DDL is here,
    /// not next to the code that writes it, because a database has one schema version: every
    /// table family is a numbered migration in this one list. One statement-level trigger rejects
    /// UPDATE, DELETE and TRUNCATE for every client of the database, not just for the silo.
    /// <c>CREATE OR REPLACE TRIGGER</c> needs PostgreSQL 14 or later.
    /// </summary>
    public const string Version2 = """
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
        """;

    /// <summary>Every migration in order; the last one's number is the current schema version.</summary>
    public static IReadOnlyList<(int Version, string Sql)> Migrations { get; } = [(1, Version1), (2, Version2)];

    /// <summary>The whole schema as one script, as published in <c>deploy/schema/postgresql.sql</c>.</summary>
    public static string Script { get; } = string.Join("\n\n", [VersionTable, .. Migrations.Select(m => m.Sql)]);
}
