-- Portable SQL: runs on H2 2.x and PostgreSQL 12+ (names unquoted; see nerava-deployments' V1).
-- Failed admin sign-ins, one row per thing a guesser is counted by: a user name tried ("user:<name>") or a client
-- address ("address:<address>"). Shared by every node on the database, so a guesser gains nothing by switching nodes.

CREATE TABLE admin_sign_in_failure (
    failure_key VARCHAR(240) NOT NULL PRIMARY KEY,
    failures INTEGER NOT NULL,
    first_failure_at BIGINT NOT NULL,
    last_failure_at BIGINT NOT NULL,
    locked_until BIGINT NOT NULL
);
CREATE INDEX admin_sign_in_failure_locked ON admin_sign_in_failure (locked_until);
