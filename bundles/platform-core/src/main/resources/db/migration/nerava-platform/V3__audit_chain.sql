-- A tamper-evident audit trail (issue 18): every entry recorded from now on carries its place in one chain (seq) and
-- a SHA-256 over its content and the previous entry's hash; the head row holds the last link, and is locked by each
-- append so that nodes writing at once still make one chain. Entries recorded before this version have no seq and
-- stay outside the chain. Portable SQL for H2 2.x and PostgreSQL 12+ (a unique index allows many NULLs on both).

ALTER TABLE audit_entry ADD COLUMN seq BIGINT;
ALTER TABLE audit_entry ADD COLUMN prev_hash VARCHAR(64);
ALTER TABLE audit_entry ADD COLUMN entry_hash VARCHAR(64);
CREATE UNIQUE INDEX audit_entry_seq ON audit_entry (seq);

CREATE TABLE audit_chain_head (
    id INTEGER NOT NULL PRIMARY KEY,
    seq BIGINT NOT NULL,
    entry_hash VARCHAR(64) NOT NULL
);
INSERT INTO audit_chain_head (id, seq, entry_hash)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
