-- Gatehouse message store schema for PostgreSQL (clusters).
--
-- The silo applies this itself at start-up (PostgresMessageSchemaInitializer), in the grain-state
-- database, inside one transaction holding pg_advisory_xact_lock(5143520227873744723). This file
-- is the same text for operators; a test keeps it identical to
-- Grains/Messages/Postgres/PostgresMessageSchema.cs. Migrations record themselves in
-- message_schema_version.

CREATE TABLE IF NOT EXISTS message_schema_version (
    version    INTEGER     NOT NULL PRIMARY KEY,
    applied_at TIMESTAMPTZ NOT NULL
);

-- Migration 1: devices, messages and per-minute rollups (which carry each minute's last value).

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
