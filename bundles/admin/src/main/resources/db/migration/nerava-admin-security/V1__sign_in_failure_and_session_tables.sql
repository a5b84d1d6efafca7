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

-- Admin sessions: the console exchanges the password once for a token; only the token's SHA-256 is kept, so the
-- table read by someone else gives no way in. A session ends when idle, at its absolute expiry, or when revoked
-- (the row is deleted).
CREATE TABLE admin_session (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    token_hash VARCHAR(64) NOT NULL,
    user_name VARCHAR(200) NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    CONSTRAINT admin_session_token UNIQUE (token_hash)
);
CREATE INDEX admin_session_user ON admin_session (user_name);
