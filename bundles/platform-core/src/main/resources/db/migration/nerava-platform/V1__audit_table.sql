-- Portable SQL: runs on H2 2.x and PostgreSQL 12+. Names unquoted (H2 folds them to upper case, PostgreSQL to lower
-- case, EclipseLink's unquoted names match both). Same tables, columns and constraints as the EclipseLink
-- create-or-extend-tables generation that came before, so a database made by it is baselined at this version.

CREATE TABLE audit_entry (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    recorded_at BIGINT NOT NULL,
    actor VARCHAR(200) NOT NULL,
    action VARCHAR(100) NOT NULL,
    target VARCHAR(200),
    outcome VARCHAR(16) NOT NULL,
    detail VARCHAR(1000)
);
CREATE INDEX audit_entry_recorded_at ON audit_entry (recorded_at);
CREATE INDEX audit_entry_actor ON audit_entry (actor);
