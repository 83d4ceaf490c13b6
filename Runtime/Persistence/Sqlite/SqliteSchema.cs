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

    /// <summary>Every migration in order; the last one's number is the current schema version.</summary>
    public static IReadOnlyList<(int Version, string Sql)> Migrations { get; } = [(1, Version1)];

    /// <summary>The whole schema as one script, as published in <c>deploy/schema/sqlite.sql</c>.</summary>
    public static string Script { get; } = string.Join("\n\n", [VersionTable, .. Migrations.Select(m => m.Sql)]);
}
