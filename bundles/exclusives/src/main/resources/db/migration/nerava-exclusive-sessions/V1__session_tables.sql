-- Portable SQL: runs on H2 2.x and PostgreSQL 12+. Names unquoted (H2 folds them to upper case, PostgreSQL to lower
-- case, EclipseLink's unquoted names match both).
--
-- Until the catalog became a feature of its own, these tables and the catalog's were created together by schema
-- nerava-exclusives (V1__catalog_and_session_tables.sql). That script cannot change (Flyway checks what it ran), and
-- on a new database it would collide with the merchants feature creating charger and merchant; so the sessions have
-- this schema of their own. A database that already has them (exclusive_session, the first table below, exists)
-- and no history of this schema is baselined at version 1 by the platform's migrator: nothing here runs, every session
-- and reward stays. The old schema's history table stays behind, unused. No foreign key to the catalog's tables, on
-- purpose: a session names its merchant and charger by id and outlives both, and the catalog is another feature.

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
