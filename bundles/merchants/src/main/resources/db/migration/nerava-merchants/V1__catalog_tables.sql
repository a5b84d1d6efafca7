-- Portable SQL: runs on H2 2.x and PostgreSQL 12+. Names unquoted (H2 folds them to upper case, PostgreSQL to lower
-- case, EclipseLink's unquoted names match both).
--
-- These tables were created by the exclusives feature's schema (nerava-exclusives V1) until the catalog became a
-- feature of its own. Same tables, columns and index: a database that has them, without this schema's history, is
-- baselined at version 1 by the platform's migrator (charger, the first table below, exists) and nothing here runs,
-- so the catalog is adopted as it is. A new database gets them from this script.

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
