package org.nerava.deployments.internal.github;

import java.time.Instant;

/**
 * A workflow run as GitHub reports it ({@code GET /repos/{owner}/{repo}/actions/runs/{id}}).
 *
 * @param status {@code queued}, {@code in_progress}, {@code completed}, or GitHub's waiting states
 * @param conclusion once completed: {@code success}, {@code failure}, {@code cancelled}, {@code timed_out}, ...
 * @param startedAt {@code run_started_at}, or null
 * @param updatedAt {@code updated_at}: when completed, the completion time
 */
public record RunState(long id, String status, String conclusion, String htmlUrl, Instant createdAt,
        Instant startedAt, Instant updatedAt) {

    public boolean completed() {
        return "completed".equals(status);
    }
}
