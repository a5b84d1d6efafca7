-- Portable SQL: runs on H2 2.x and PostgreSQL 12+. Names unquoted (H2 folds them to upper case, PostgreSQL to lower
-- case, EclipseLink's unquoted names match both). Same tables, columns and constraints as the EclipseLink
-- create-or-extend-tables generation that came before, so a database made by it is baselined at this version.

CREATE TABLE charger (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    name VARCHAR(120) NOT NULL,
    address VARCHAR(200),
    lat DOUBLE PRECISION NOT NULL,
    lng DOUBLE PRECISION NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE merchant (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    charger_id VARCHAR(64) NOT NULL,
    name VARCHAR(120) NOT NULL,
    category VARCHAR(40) NOT NULL,
    photo_url VARCHAR(1000),
    lat DOUBLE PRECISION NOT NULL,
    lng DOUBLE PRECISION NOT NULL,
    offer VARCHAR(500) NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX merchant_charger ON merchant (charger_id);

-- active_driver_id is the driver's id while the session is active and NULL afterwards: the unique constraint allows
-- one active session per driver (NULLs never collide, on either database).
CREATE TABLE exclusive_session (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    driver_id VARCHAR(36) NOT NULL,
    active_driver_id VARCHAR(36),
    merchant_id VARCHAR(64) NOT NULL,
    charger_id VARCHAR(64) NOT NULL,
    status VARCHAR(16) NOT NULL,
    origin VARCHAR(16) NOT NULL,
    distance_m BIGINT,
    activated_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    completed_at BIGINT,
    CONSTRAINT exclusive_session_one_active UNIQUE (active_driver_id)
);
CREATE INDEX exclusive_session_driver ON exclusive_session (driver_id);

CREATE TABLE reward_event (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    session_id VARCHAR(36) NOT NULL,
    driver_id VARCHAR(36) NOT NULL,
    merchant_id VARCHAR(64) NOT NULL,
    kind VARCHAR(32) NOT NULL,
    created_at BIGINT NOT NULL,
    CONSTRAINT reward_event_one_per_session UNIQUE (session_id)
);
CREATE INDEX reward_event_driver ON reward_event (driver_id);
