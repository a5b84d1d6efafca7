package org.nerava.deployments.internal;

import java.time.Instant;

/**
 * One deployment request and what GitHub made of it.
 *
 * @param id a UUID
 * @param requestedBy {@code admin:<user>} or {@code shell:<user>}
 * @param idempotencyKey the caller's {@code Idempotency-Key}, or null
 * @param runId GitHub's workflow run id, when GitHub returned run details
 * @param githubStatus the HTTP status GitHub answered the dispatch with, or null (not answered yet, or no answer)
 * @param error why it failed, for people; never a credential
 */
public record Deployment(String id, DeploymentTarget target, String ref, DeploymentStatus status, String requestedBy,
        String idempotencyKey, Instant requestedAt, Instant finishedAt, Long runId, String runUrl, String htmlUrl,
        Integer githubStatus, String error) {

    static Deployment requested(String id, DeploymentTarget target, String ref, String requestedBy,
            String idempotencyKey, Instant at) {
        return new Deployment(id, target, ref, DeploymentStatus.DISPATCHING, requestedBy, idempotencyKey, at, null,
                null, null, null, null, null);
    }
}
