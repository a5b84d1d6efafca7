-- Portable SQL: runs on H2 2.x and PostgreSQL 12+. Names unquoted (H2 folds them to upper case, PostgreSQL to lower
-- case, EclipseLink's unquoted names match both). Same tables, columns and constraints as the EclipseLink
-- create-or-extend-tables generation that came before, so a database made by it is baselined at this version.

CREATE TABLE driver (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    public_id VARCHAR(36) NOT NULL UNIQUE,
    phone_e164 VARCHAR(20) NOT NULL UNIQUE,
    auth_provider VARCHAR(20) NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE otp_challenge (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    phone_e164 VARCHAR(20) NOT NULL,
    code_hmac VARCHAR(80),
    provider VARCHAR(64) NOT NULL,
    status VARCHAR(12) NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL,
    consumed_at BIGINT
);
CREATE INDEX otp_challenge_phone ON otp_challenge (phone_e164, created_at);

CREATE TABLE driver_session (
    token_sha256 VARCHAR(64) NOT NULL PRIMARY KEY,
    driver_id VARCHAR(36) NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX driver_session_driver ON driver_session (driver_id);

CREATE TABLE otp_rate_bucket (
    bucket_key VARCHAR(120) NOT NULL PRIMARY KEY,
    tokens DOUBLE PRECISION NOT NULL,
    refilled_at BIGINT NOT NULL
);
