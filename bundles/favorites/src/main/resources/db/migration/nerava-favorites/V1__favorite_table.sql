-- Portable SQL: runs on H2 2.x and PostgreSQL 12+. Names unquoted (H2 folds them to upper case, PostgreSQL to lower
-- case, EclipseLink's unquoted names match both). Same tables, columns and constraints as the EclipseLink
-- create-or-extend-tables generation that came before, so a database made by it is baselined at this version.

CREATE TABLE favorite (
    driver_id VARCHAR(36) NOT NULL,
    merchant_id VARCHAR(64) NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (driver_id, merchant_id)
);
CREATE INDEX favorite_driver_created ON favorite (driver_id, created_at);
