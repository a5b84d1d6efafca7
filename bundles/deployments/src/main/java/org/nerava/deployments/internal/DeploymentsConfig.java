package org.nerava.deployments.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@value #PID}: where deployments are dispatched (GitHub Actions) and how long a dispatch may take.
 * The token's key is {@code .token}: a leading dot keeps it out of the service properties DS publishes.
 */
@ObjectClassDefinition(id = DeploymentsConfig.PID, name = "Nerava deployments",
        description = "Deployments through GitHub Actions")
public @interface DeploymentsConfig {

    String PID = "org.nerava.deployments";
    String DEFAULT_GITHUB_API_URL = "https://api.github.com";
    /** The upper bounds the metatype declares (a day, an hour, a week, 64 MiB): beyond them a value is a typo. */
    int MAX_VERIFY_WINDOW_SECONDS = 86_400;
    int MAX_INTERVAL_SECONDS = 3_600;
    int MAX_CONNECT_TIMEOUT_MS = 120_000;
    int MAX_REQUEST_TIMEOUT_MS = 300_000;
    int MAX_RESPONSE_BYTES = 67_108_864;
    int MAX_FOLLOW_MINUTES = 10_080;

    @AttributeDefinition(name = "GitHub API URL",
            description = "https://api.github.com, or https://<host>/api/v3 for GitHub Enterprise Server; empty: the default")
    String githubApiUrl() default DEFAULT_GITHUB_API_URL;

    @AttributeDefinition(name = "GitHub token", type = AttributeType.PASSWORD,
            description = "Fine-grained token with Actions read and write on the repository (NERAVA_GITHUB_TOKEN)")
    String _token() default "";

    @AttributeDefinition(name = "Repository", description = "owner/repo holding the deployment workflows")
    String repository() default "";

    @AttributeDefinition(name = "Backend workflow", description = "Workflow file name (deploy-backend.yml) or id")
    String workflowBackend() default "";

    @AttributeDefinition(name = "Driver app workflow", description = "Workflow file name or id")
    String workflowDriver() default "";

    @AttributeDefinition(name = "Admin app workflow", description = "Workflow file name or id")
    String workflowAdmin() default "";

    @AttributeDefinition(name = "Merchant app workflow", description = "Workflow file name or id")
    String workflowMerchant() default "";

    @AttributeDefinition(name = "Backend verify URL", description = "Asked after a backend run succeeded (e.g. the"
            + " deployed backend's /readyz) until it answers 2xx or verifyWindowSeconds end; empty: no verification")
    String verifyUrlBackend() default "";

    @AttributeDefinition(name = "Driver app verify URL", description = "As verifyUrlBackend, for the driver app")
    String verifyUrlDriver() default "";

    @AttributeDefinition(name = "Admin app verify URL", description = "As verifyUrlBackend, for the admin app")
    String verifyUrlAdmin() default "";

    @AttributeDefinition(name = "Merchant app verify URL", description = "As verifyUrlBackend, for the merchant app")
    String verifyUrlMerchant() default "";

    @AttributeDefinition(name = "Verification window (s)", description = "How long after a run succeeded its"
            + " target's verify URL may take to answer 2xx before the verification is failed",
            min = "1", max = "86400")
    int verifyWindowSeconds() default 300;

    @AttributeDefinition(name = "Verification interval (s)", description = "Seconds between two requests to a"
            + " verify URL", min = "1", max = "3600")
    int verifyIntervalSeconds() default 10;

    @AttributeDefinition(name = "Workflow inputs",
            description = "name=value sent as workflow_dispatch inputs; {target}, {ref}, {deployment_id} and"
                    + " {requested_by} are replaced. Empty: no inputs")
    String[] workflowInputs() default {};

    @AttributeDefinition(name = "Default ref", description = "Branch or tag nerava:deploy uses when none is given")
    String defaultRef() default "main";

    @AttributeDefinition(name = "Connect timeout (ms)", min = "100", max = "120000")
    int connectTimeoutMs() default 5000;

    @AttributeDefinition(name = "Request timeout (ms)",
            description = "How long to wait for GitHub's answer to a dispatch", min = "100", max = "300000")
    int requestTimeoutMs() default 15000;

    @AttributeDefinition(name = "Largest answer (bytes)", description = "A GitHub answer longer than this is not read"
            + " further and counts as a failed call (GitHub's own answers are a few KB)",
            min = "1024", max = "67108864")
    int maxResponseBytes() default 1048576;

    @AttributeDefinition(name = "Poll interval (s)", description = "Seconds between two looks at a running"
            + " deployment's workflow run; doubled while nothing changes, up to maxPollIntervalSeconds",
            min = "1", max = "3600")
    int pollIntervalSeconds() default 10;

    @AttributeDefinition(name = "Longest poll interval (s)", min = "1", max = "86400")
    int maxPollIntervalSeconds() default 60;

    @AttributeDefinition(name = "Follow for at most (min)", description = "A deployment without an outcome this long"
            + " after its request is timed_out", min = "1", max = "10080")
    int maxFollowMinutes() default 120;
}
