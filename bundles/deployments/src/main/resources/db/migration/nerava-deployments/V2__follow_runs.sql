-- Deployments are followed to their outcome (issue 18): GitHub's conclusion and run times, and the follower's own
-- bookkeeping: when to ask GitHub next, the run's last ETag (conditional requests), how many checks in a row saw no
-- change (the polling backs off), and which node follows the deployment until when (a lease another node takes over
-- once it has run out). Portable SQL for H2 2.x and PostgreSQL 12+: one column per statement.

ALTER TABLE deployment ADD COLUMN conclusion VARCHAR(32);
ALTER TABLE deployment ADD COLUMN started_at BIGINT;
ALTER TABLE deployment ADD COLUMN completed_at BIGINT;
ALTER TABLE deployment ADD COLUMN next_check_at BIGINT;
ALTER TABLE deployment ADD COLUMN run_etag VARCHAR(200);
ALTER TABLE deployment ADD COLUMN unchanged_checks INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE deployment ADD COLUMN follower VARCHAR(64);
ALTER TABLE deployment ADD COLUMN claimed_until BIGINT;
CREATE INDEX deployment_follow ON deployment (status, next_check_at);
CREATE INDEX deployment_target ON deployment (target, requested_at);
