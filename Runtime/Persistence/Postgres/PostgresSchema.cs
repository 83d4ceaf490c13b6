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

    /// <summary>Every migration in order; the last one's number is the current schema version.</summary>
    public static IReadOnlyList<(int Version, string Sql)> Migrations { get; } = [(1, Version1)];

    /// <summary>The whole schema as one script, as published in <c>deploy/schema/postgresql.sql</c>.</summary>
    public static string Script { get; } = string.Join("\n\n", [VersionTable, .. Migrations.Select(m => m.Sql)]);
}
