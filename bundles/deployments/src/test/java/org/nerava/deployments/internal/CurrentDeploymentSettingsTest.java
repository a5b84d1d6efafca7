package org.nerava.deployments.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nerava.platform.config.ConfigProblem;

class CurrentDeploymentSettingsTest {

    private static final Map<String, Object> GOOD = Map.of(".token", "ghp_secret", "repository", "nerava/server",
            "workflowBackend", "deploy-backend.yml", "pollIntervalSeconds", "5");

    @Test
    void theShippedFileWithNothingFromTheEnvironmentIsApplied() {
        CurrentDeploymentSettings current = new CurrentDeploymentSettings(Map.of("githubApiUrl",
                "https://api.github.com", ".token", "", "repository", "", "workflowBackend", "", "workflowInputs", "",
                "verifyUrlBackend", "", "defaultRef", "main", "maxResponseBytes", "1048576"));
        assertThat(current.refused()).isEmpty();
        assertThat(current.get().missing(DeploymentTarget.BACKEND)).contains("repository");
    }

    @Test
    void anUpdateWithARefusedValueKeepsTheLastGoodValuesAndNamesPidKeyValueAndRange() {
        CurrentDeploymentSettings current = new CurrentDeploymentSettings(GOOD);
        DeploymentSettings good = current.get();

        Map<String, Object> bad = new HashMap<>(GOOD);
        bad.put("pollIntervalSeconds", "five");
        bad.put("maxFollowMinutes", "0");
        bad.put("repository", "no-slash");
        current.modified(bad);

        assertThat(current.get()).as("the last good settings serve").isSameAs(good);
        assertThat(current.refused()).extracting(ConfigProblem::describe).containsExactlyInAnyOrder(
                "org.nerava.deployments: repository = 'no-slash' refused: owner/repo; empty: deployments off",
                "org.nerava.deployments: pollIntervalSeconds = 'five' refused: a whole number from 1 to 3600",
                "org.nerava.deployments: maxFollowMinutes = '0' refused: a whole number from 1 to 10080");
        assertThat(current.serving()).startsWith("the last good values");

        current.modified(GOOD);
        assertThat(current.refused()).isEmpty();
        assertThat(current.get()).isNotSameAs(good);
        assertThat(current.get().pollDelay(0).toSeconds()).isEqualTo(5);
    }

    @Test
    void aBadFileAtBootComesUpOnTheDefaultsOfTheRefusedKeys() {
        CurrentDeploymentSettings current = new CurrentDeploymentSettings(Map.of(".token", "ghp_secret",
                "repository", "nerava/server", "workflowDriver", "../x.yml", "verifyUrlDriver", "ftp://x",
                "workflowInputs", "no-equals-sign", "requestTimeoutMs", "-1"));

        assertThat(current.refused()).extracting(ConfigProblem::key).containsExactlyInAnyOrder("workflowDriver",
                "verifyUrlDriver", "workflowInputs", "requestTimeoutMs");
        assertThat(current.serving()).startsWith("the defaults of the refused keys");
        assertThat(current.get().workflow(DeploymentTarget.DRIVER)).isNull();
        assertThat(current.get().requestTimeout().toMillis()).isEqualTo(15_000);
        assertThat(current.get().repository()).isEqualTo("nerava/server");
    }

    @Test
    void aDefaultRefThatIsNoBranchOrTagNameIsRefused() {
        CurrentDeploymentSettings current = new CurrentDeploymentSettings(Map.of("defaultRef", "a..b"));
        assertThat(current.refused()).extracting(ConfigProblem::describe)
                .containsExactly("org.nerava.deployments: defaultRef = 'a..b' refused: a branch or tag name such as"
                        + " main");
    }
}
