package org.nerava.deployments.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nerava.platform.doctor.Finding;
import org.nerava.testing.FakeGitHub;

class GitHubDoctorCheckTest {

    private final FakeGitHub github = new FakeGitHub();

    @AfterEach
    void close() {
        github.close();
    }

    @Test
    void notConfiguredIsFine() {
        assertThat(new GitHubDoctorCheck(DeploymentsConfigs.with(Map.of())).check())
                .containsExactly(Finding.ok("github", "deployments not configured"));
    }

    @Test
    void theRepositoryAndEachConfiguredWorkflowAreAskedReadOnlyAndNothingIsDispatched() {
        List<Finding> findings = check(FakeGitHub.TOKEN, Map.of("workflowMerchant", "deploy-gone.yml"));

        assertThat(findings).extracting(Finding::check, Finding::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("github", Finding.State.OK),
                org.assertj.core.groups.Tuple.tuple("github.backend", Finding.State.OK),
                org.assertj.core.groups.Tuple.tuple("github.driver", Finding.State.OK),
                org.assertj.core.groups.Tuple.tuple("github.merchant", Finding.State.WARN));
        assertThat(findings.get(3).fix()).contains("NERAVA_DEPLOY_WORKFLOW_<TARGET>");
        assertThat(github.received()).allMatch(request -> request.method().equals("GET"));
        assertThat(github.runs()).isEmpty();
    }

    @Test
    void aRefusedTokenIsAWarningNamingTheKeyAndNeverShowsTheToken() {
        String wrong = "github_pat_wrongwrongwrong";
        List<Finding> findings = check(wrong, Map.of());

        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).state()).isEqualTo(Finding.State.WARN);
        assertThat(findings.get(0).detail()).contains("HTTP 401");
        assertThat(findings.get(0).fix()).contains("NERAVA_GITHUB_TOKEN");
        assertThat(findings.toString()).doesNotContain(wrong);
    }

    @Test
    void partlyConfiguredNamesWhatIsMissingWithoutAskingGitHub() {
        List<Finding> findings = new GitHubDoctorCheck(DeploymentsConfigs.with(Map.of("repository", "a/b",
                "workflowBackend", "x.yml"))).check();
        assertThat(findings.get(0).state()).isEqualTo(Finding.State.WARN);
        assertThat(findings.get(0).detail()).contains("NERAVA_GITHUB_TOKEN");
        assertThat(github.received()).isEmpty();
    }

    private List<Finding> check(String token, Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>();
        values.put("githubApiUrl", github.baseUrl());
        values.put("_token", token);
        values.put("repository", FakeGitHub.REPOSITORY);
        values.put("workflowBackend", "deploy-backend.yml");
        values.put("workflowDriver", "deploy-driver.yml");
        values.put("connectTimeoutMs", 1000);
        values.put("requestTimeoutMs", 2000);
        values.putAll(overrides);
        return new GitHubDoctorCheck(DeploymentsConfigs.with(values)).check();
    }
}
