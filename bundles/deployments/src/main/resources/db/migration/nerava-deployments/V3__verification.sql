-- Verification after a run succeeded (issue 18): pending while the target's verifyUrl is asked, then passed, failed
-- or skipped (no verifyUrl). Null for a deployment whose run has not succeeded, and for every deployment recorded
-- before this version: a rollback treats those as good, as it did then.
ALTER TABLE deployment ADD COLUMN verification VARCHAR(16);
