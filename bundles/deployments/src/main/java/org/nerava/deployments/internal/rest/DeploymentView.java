package org.nerava.deployments.internal.rest;

import java.time.Instant;

import org.nerava.deployments.internal.Deployment;

/** A deployment on the wire (snake_case): {@code status} is {@code dispatching}, {@code dispatched} or {@code failed}. */
public record DeploymentView(String id, String target, String ref, String status, String requestedBy,
        Instant requestedAt, Instant finishedAt, Long runId, String runUrl, String htmlUrl, Integer githubStatus,
        String error) {

    static DeploymentView of(Deployment d) {
        return new DeploymentView(d.id(), d.target().id(), d.ref(), d.status().id(), d.requestedBy(), d.requestedAt(),
                d.finishedAt(), d.runId(), d.runUrl(), d.htmlUrl(), d.githubStatus(), d.error());
    }
}
