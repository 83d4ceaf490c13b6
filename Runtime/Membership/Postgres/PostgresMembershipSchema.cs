namespace Gatehouse.Runtime.Membership.Postgres;

/// <summary>
/// The cluster membership tables in PostgreSQL, as ordered migrations recorded in
/// <c>membership_schema_version</c>, apart from the grain-state <c>schema_version</c> because the
/// membership database may be another one (<c>Gatehouse:Cluster:Postgres:ConnectionString</c>).
/// <c>deploy/schema/postgresql-membership.sql</c> holds the same text (a test keeps the two
/// identical). Never edit a published migration: add the next one.
/// </summary>
internal static class PostgresMembershipSchema
{
    /// <summary>The <c>pg_advisory_xact_lock</c> key serializing membership migrations ("GateMbrS" in ASCII).</summary>
    public const long MigrationLockKey = 0x4761_7465_4D62_7253;

    public const string VersionTable = """
        CREATE TABLE IF NOT EXISTS membership_schema_version (
            version    INTEGER     NOT NULL PRIMARY KEY,
            applied_at TIMESTAMPTZ NOT NULL
        );
        """;

    /// <summary>
    /// One row per silo incarnation (address plus generation, so a silo restarted on the same
    /// port is a new member) and one version row per service. Every status change is made in one
    /// transaction with a compare-and-swap of the version, as Orleans' ADO.NET clustering does;
    /// heartbeats only touch <c>heartbeat_at</c>, always written with the database's own clock.
    /// </summary>
    public const string Version1 = """
        CREATE TABLE IF NOT EXISTS cluster_versions (
            service_id TEXT   NOT NULL PRIMARY KEY,
            version    BIGINT NOT NULL
        );

        CREATE TABLE IF NOT EXISTS cluster_members (
            service_id   TEXT        NOT NULL,
            host         TEXT        NOT NULL,
            port         INTEGER     NOT NULL CHECK (port BETWEEN 1 AND 65535),
            generation   BIGINT      NOT NULL,
            silo_name    TEXT        NOT NULL,
            role         TEXT        NOT NULL, -- 'silo': cluster clients (gateways hosting no grains) write no row
            status       TEXT        NOT NULL CHECK (status IN ('joining', 'active', 'shutting_down', 'dead')),
            started_at   TIMESTAMPTZ NOT NULL, -- the database's now() when the row was inserted
            heartbeat_at TIMESTAMPTZ NOT NULL, -- the database's now() at the last heartbeat
            PRIMARY KEY (service_id, host, port, generation)
        );

        INSERT INTO membership_schema_version (version, applied_at) VALUES (1, now())
            ON CONFLICT (version) DO NOTHING;
        """;

    /// <summary>Every migration in order; the last one's number is the current schema version.</summary>
    public static IReadOnlyList<(int Version, string Sql)> Migrations { get; } = [(1, Version1)];

    /// <summary>The whole schema as one script, as published in <c>deploy/schema/postgresql-membership.sql</c>.</summary>
    public static string Script { get; } = string.Join("\n\n", [VersionTable, .. Migrations.Select(m => m.Sql)]);
}
