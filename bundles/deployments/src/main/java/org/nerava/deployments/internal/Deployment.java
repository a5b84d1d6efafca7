package org.nerava.deployments.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * One deployment request and what became of it: the dispatch, then the workflow run to its outcome.
 *
 * @param id a UUID
 * @param requestedBy {@code admin:<user>} or {@code shell:<user>}
 * @param idempotencyKey the caller's {@code Idempotency-Key}, or null
 * @param finishedAt when it reached an outcome ({@link DeploymentStatus#finished()}), or null
 * @param runId GitHub's workflow run id, from the dispatch answer or found by the follower
 * @param githubStatus the HTTP status GitHub answered the dispatch with, or null (not answered yet, or no answer)
 * @param error why it failed, for people; never a credential
 * @param conclusion the run's conclusion as GitHub gave it ({@code success}, {@code failure}, ...), or null
 * @param startedAt when the run started, by GitHub's clock
 * @param completedAt when the run completed, by GitHub's clock
 * @param verification after a run succeeded, what its target's {@code verifyUrl} said; null before
 */
public record Deployment(String id, DeploymentTarget target, String ref, DeploymentStatus status, String requestedBy,
        String idempotencyKey, Instant requestedAt, Instant finishedAt, Long runId, String runUrl, String htmlUrl,
        Integer githubStatus, String error, String conclusion, Instant startedAt, Instant completedAt,
        Verification verification) {

    static Deployment requested(String id, DeploymentTarget target, String ref, String requestedBy,
            String idempotencyKey, Instant at) {
        return new Deployment(id, target, ref, DeploymentStatus.DISPATCHING, requestedBy, idempotencyKey, at, null,
                null, null, null, null, null, null, null, null, null);
    }

    /** The dispatch answered: accepted (with or without run details) or refused. */
    Deployment dispatched(DeploymentStatus status, Instant finished, Long run, String url, String html,
            Integer answeredWith, String why) {
        return new Deployment(id, target, ref, status, requestedBy, idempotencyKey, requestedAt, finished, run, url,
                html, answeredWith, why, null, null, null, null);
    }

    /** What the follower saw of the run. */
    Deployment following(DeploymentStatus now, Long run, String html, String runConclusion, Instant started,
            Instant completed, Instant finished, String why) {
        return new Deployment(id, target, ref, now, requestedBy, idempotencyKey, requestedAt, finished, run, runUrl,
                html == null ? htmlUrl : html, githubStatus, why, runConclusion, started, completed, verification);
    }

    /** What the target's {@code verifyUrl} said after the run succeeded; {@code why} is kept as the error. */
    Deployment verified(Verification outcome, String why) {
        return new Deployment(id, target, ref, status, requestedBy, idempotencyKey, requestedAt, finishedAt, runId,
                runUrl, htmlUrl, githubStatus, why, conclusion, startedAt, completedAt, outcome);
    }

    /** A run that succeeded and whose verification did not fail: a rollback may go back to its ref. */
    public boolean good() {
        return status == DeploymentStatus.SUCCEEDED && Verification.good(verification);
    }

    /** The run's own duration, once it completed; null before. */
    public Duration duration() {
        return startedAt == null || completedAt == null ? null : Duration.between(startedAt, completedAt);
    }
}
