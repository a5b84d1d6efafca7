-- Portable SQL: runs on H2 2.x and PostgreSQL 12+ (names unquoted; see V1).
-- The fleet: one row per node (per data directory), rewritten by the node every few seconds with what its readiness
-- says. Lists are comma-separated (feature names and provider ids have no commas).

CREATE TABLE node (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    host VARCHAR(200) NOT NULL,
    http_port INTEGER NOT NULL,
    version VARCHAR(60) NOT NULL,
    started_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    stopped_at BIGINT,
    ready BOOLEAN NOT NULL,
    otp_providers VARCHAR(1000) NOT NULL,
    features VARCHAR(4000) NOT NULL
);
CREATE INDEX node_last_seen ON node (last_seen_at);
