package org.nerava.deployments.internal.rest;

import java.time.Instant;

import org.nerava.deployments.internal.Deployment;

/**
 * A deployment on the wire (snake_case). {@code status}: {@code dispatching}, {@code dispatched}, {@code queued},
 * {@code in_progress}, {@code succeeded}, {@code failed}, {@code cancelled} or {@code timed_out}; {@code conclusion}
 * as GitHub gave it; {@code duration_s} the run's own, once completed; {@code verification} once the run succeeded:
 * {@code pending}, {@code passed}, {@code failed} or {@code skipped} (the target has no verify URL).
 */
public record DeploymentView(String id, String target, String ref, String status, String requestedBy,
        Instant requestedAt, Instant finishedAt, Long runId, String runUrl, String htmlUrl, Integer githubStatus,
        String error, String conclusion, Instant startedAt, Instant completedAt, Long durationS,
        String verification) {

    static DeploymentView of(Deployment d) {
        return new DeploymentView(d.id(), d.target().id(), d.ref(), d.status().id(), d.requestedBy(), d.requestedAt(),
                d.finishedAt(), d.runId(), d.runUrl(), d.htmlUrl(), d.githubStatus(), d.error(), d.conclusion(),
                d.startedAt(), d.completedAt(), d.duration() == null ? null : d.duration().toSeconds(),
                d.verification() == null ? null : d.verification().id());
    }
}
