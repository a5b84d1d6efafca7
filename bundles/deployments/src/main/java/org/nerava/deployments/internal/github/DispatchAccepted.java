package org.nerava.deployments.internal.github;

/**
 * GitHub accepted a dispatch. With {@code return_run_details} it answers 200 and names the run; older servers
 * (GitHub Enterprise) answer 204 without it.
 *
 * @param status 200, 204 or another 2xx
 * @param runId the workflow run's id, or null when GitHub did not say
 * @param runUrl the run in the REST API, or null
 * @param htmlUrl the run's page, or null
 */
public record DispatchAccepted(int status, Long runId, String runUrl, String htmlUrl) {
}
