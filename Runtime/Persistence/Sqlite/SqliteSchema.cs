namespace Gatehouse.Runtime.Persistence.Sqlite;

/// <summary>
/// The SQLite schema, as ordered migrations. <c>deploy/schema/sqlite.sql</c> holds the same text
/// for operators (a test keeps the two identical). Each migration records itself in
/// <c>schema_version</c>, so running the deploy script by hand and then starting a silo is safe.
/// Never edit a published migration: add the next one.
/// </summary>
internal static class SqliteSchema
{
    public const string VersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version    INTEGER NOT NULL PRIMARY KEY,
            applied_at TEXT    NOT NULL
        );
        """;

    public const string Version1 = """
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
        """;

    /// <summary>
    /// The audit log (written by <c>Gatehouse.Grains.Audit.SqliteAuditLog</c>). Its DDL is here,
    /// not next to the code that writes it, because a database has one schema version: every
    /// table family is a numbered migration in this one list. Triggers make the table
    /// append-only for every client of the file, not just for the silo.
    /// </summary>
    public const string Version2 = """
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
        """;

    /// <summary>Every migration in order; the last one's number is the current schema version.</summary>
    public static IReadOnlyList<(int Version, string Sql)> Migrations { get; } = [(1, Version1), (2, Version2)];

    /// <summary>The whole schema as one script, as published in <c>deploy/schema/sqlite.sql</c>.</summary>
    public static string Script { get; } = string.Join("\n\n", [VersionTable, .. Migrations.Select(m => m.Sql)]);
}
