package org.nerava.deployments.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DeploymentSettingsTest {

    @Test
    void withNothingConfiguredEveryTargetNamesTheTokenTheRepositoryAndItsWorkflow() {
        DeploymentSettings settings = new DeploymentSettings(DeploymentsConfigs.with(Map.of()));
        assertThat(settings.apiUrl()).hasToString("https://api.github.com");
        assertThat(settings.missing(DeploymentTarget.ADMIN))
                .containsExactly(".token (NERAVA_GITHUB_TOKEN)", "repository", "workflowAdmin");
        assertThat(settings.defaultRef()).isEqualTo("main");
    }

    @Test
    void anEmptyApiUrlMeansGitHubComAndAnEnterpriseUrlIsKept() {
        assertThat(new DeploymentSettings(DeploymentsConfigs.with(Map.of("githubApiUrl", " "))).apiUrl())
                .hasToString("https://api.github.com");
        assertThat(new DeploymentSettings(DeploymentsConfigs.with(Map.of("githubApiUrl", "https://ghe.example.com/api/v3")))
                .apiUrl()).hasToString("https://ghe.example.com/api/v3");
    }

    @Test
    void malformedValuesAreReportedAsMissingWithoutEchoingTheToken() {
        DeploymentSettings settings = new DeploymentSettings(DeploymentsConfigs.with(Map.of(
                "githubApiUrl", "https://user:pw@example.com", "_token", "ghp_do_not_print",
                "repository", "no-slash", "workflowBackend", "../x.yml")));
        assertThat(settings.missing(DeploymentTarget.BACKEND)).containsExactly(
                "githubApiUrl (not an http(s) URL without credentials or query)", "repository (not owner/repo)",
                "workflowBackend");
        assertThat(String.join(" ", settings.missing(DeploymentTarget.BACKEND))).doesNotContain("ghp_do_not_print");
    }

    @Test
    void aCompleteConfigurationLeavesNothingMissing() {
        DeploymentSettings settings = new DeploymentSettings(DeploymentsConfigs.with(Map.of("_token", "t",
                "repository", "nerava/server", "workflowMerchant", "123456", "defaultRef", "release/1.0",
                "requestTimeoutMs", 5)));
        assertThat(settings.missing(DeploymentTarget.MERCHANT)).isEmpty();
        assertThat(settings.workflow(DeploymentTarget.MERCHANT)).isEqualTo("123456");
        assertThat(settings.defaultRef()).isEqualTo("release/1.0");
        assertThat(settings.requestTimeout().toMillis()).isEqualTo(100);
    }

    @Test
    void refsAreBranchOrTagNames() {
        assertThat(Refs.isValid("main")).isTrue();
        assertThat(Refs.isValid("release/2.4")).isTrue();
        assertThat(Refs.isValid("v1.2.3")).isTrue();
        assertThat(Refs.isValid("refs/tags/v1")).isTrue();
        assertThat(Refs.isValid("a..b")).isFalse();
        assertThat(Refs.isValid("/main")).isFalse();
        assertThat(Refs.isValid("main.lock")).isFalse();
        assertThat(Refs.isValid("")).isFalse();
        assertThat(Refs.isValid(null)).isFalse();
    }
}
