-- Portable SQL: runs on H2 2.x and PostgreSQL 12+. Names unquoted (H2 folds them to upper case, PostgreSQL to lower
-- case, EclipseLink's unquoted names match both). Same tables, columns and constraints as the EclipseLink
-- create-or-extend-tables generation that came before, so a database made by it is baselined at this version.
-- Until the admin split this script was schema nerava-admin's V1 (bundle admin-deploy): a database migrated then has
-- this table, its rows and no nerava-deployments history, and is baselined here the same way, nothing run or lost.

CREATE TABLE deployment (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    target VARCHAR(16) NOT NULL,
    ref VARCHAR(255) NOT NULL,
    status VARCHAR(16) NOT NULL,
    requested_by VARCHAR(200) NOT NULL,
    idempotency_key VARCHAR(200),
    requested_at BIGINT NOT NULL,
    finished_at BIGINT,
    run_id BIGINT,
    run_url VARCHAR(500),
    html_url VARCHAR(500),
    github_status INTEGER,
    error VARCHAR(1000),
    CONSTRAINT deployment_idempotency UNIQUE (idempotency_key)
);
CREATE INDEX deployment_requested ON deployment (requested_at);
