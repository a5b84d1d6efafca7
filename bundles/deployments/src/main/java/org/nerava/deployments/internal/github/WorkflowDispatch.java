package org.nerava.deployments.internal.github;

import java.util.Map;
import java.util.Objects;

/**
 * One {@code workflow_dispatch} to send.
 *
 * @param repository {@code owner/repo}
 * @param workflow the workflow's file name ({@code deploy.yml}) or numeric id
 * @param ref the branch or tag the workflow runs on
 * @param inputs the workflow's {@code workflow_dispatch} inputs; empty for none
 */
public record WorkflowDispatch(String repository, String workflow, String ref, Map<String, String> inputs) {

    public WorkflowDispatch {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(ref, "ref");
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    }
}
