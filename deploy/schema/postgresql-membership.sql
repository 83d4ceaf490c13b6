-- Gatehouse cluster membership schema for PostgreSQL.
--
-- The silo applies this itself at start-up (PostgresMembershipSchemaInitializer), in the
-- membership database (Gatehouse:Cluster:Postgres:ConnectionString, by default the grain-state
-- database), inside one transaction holding pg_advisory_xact_lock(5143520227872633427). This file
-- is the same text for operators; a test keeps it identical to
-- Runtime/Membership/Postgres/PostgresMembershipSchema.cs. Migrations record themselves in
-- membership_schema_version.

CREATE TABLE IF NOT EXISTS membership_schema_version (
    version    INTEGER     NOT NULL PRIMARY KEY,
    applied_at TIMESTAMPTZ NOT NULL
);

-- Migration 1: one row per silo incarnation (address + generation) and one version row per
-- service. Every status change is one transaction that also compare-and-swaps the version;
-- heartbeats only touch heartbeat_at, always with the database's clock.

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
