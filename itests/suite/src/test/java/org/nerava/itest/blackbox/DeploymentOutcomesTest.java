package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;
import org.nerava.testing.FakeGitHub;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The outcomes other than success, on the built distribution against a fake GitHub on loopback that the test moves:
 * a cancelled run, a run GitHub no longer knows (404), GitHub's rate limit spent (403 with its headers: the follower
 * waits until the reset), and a run that never finishes ({@code timed_out} after {@code maxFollowMinutes}, here the
 * smallest, one minute). Each status as REST and {@code nerava:deployments} show it.
 */
class DeploymentOutcomesTest {

    private static final String ADMIN = "olga";
    private static final String PASSWORD = "olga-" + UUID.randomUUID();

    @AutoClose
    private static FakeGitHub github;
    @AutoClose
    private static NeravaServer server;

    @BeforeAll
    static void boot() {
        github = new FakeGitHub();
        server = NeravaServer.start(github.environment(), List.of(ADMIN + " = " + PASSWORD + ",_g_:admingroup",
                "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh"));
        server.configure("org.nerava.deployments", "pollIntervalSeconds", "1", "maxPollIntervalSeconds", "2",
                "maxFollowMinutes", "1");
        github.acceptWithRunDetails();
    }

    @Test
    void cancelledUnknownThrottledAndNeverFinishingRunsEachReachTheirOutcome() {
        String never = trigger("v50"); // its run stays queued for good
        Instant neverRequested = Instant.now();

        String cancelled = trigger("v51");
        github.complete(github.lastRun().id(), "cancelled");
        String unknown = trigger("v52");
        github.forget(github.lastRun().id());

        JsonNode wasCancelled = awaitStatus(cancelled, "cancelled", 30);
        assertThat(wasCancelled.get("conclusion").asText()).isEqualTo("cancelled");
        assertThat(awaitStatus(unknown, "failed", 30).get("error").asText()).contains("404");

        // GitHub's rate limit spent until 4 s from now: the follower pauses until then, then finds the outcome.
        String throttled = trigger("v53");
        long run = github.lastRun().id();
        long reset = Instant.now().getEpochSecond() + 4;
        github.throttle(3, reset);
        github.complete(run, "success");
        awaitStatus(throttled, "succeeded", 30);
        assertThat(Instant.now().getEpochSecond()).as("not before GitHub's reset").isGreaterThanOrEqualTo(reset);
        assertThat(server.log()).contains("Following deployments paused until " + Instant.ofEpochSecond(reset));

        JsonNode timedOut = awaitStatus(never, "timed_out", 120);
        assertThat(timedOut.get("error").asText()).contains("no outcome from GitHub within 1 min");
        assertThat(Instant.parse(timedOut.get("finished_at").asText())).isAfter(neverRequested.plusSeconds(55));

        String listed = server.shell("nerava:deployments");
        assertThat(listed).contains(never).contains("timed_out").contains("cancelled").contains(unknown)
                .contains("failed");
    }

    private static String trigger(String ref) {
        HttpResult answer = admin("POST", "/v1/admin/deployments/trigger",
                "{\"target\":\"backend\",\"ref\":\"" + ref + "\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        return answer.json().get("id").asText();
    }

    private static JsonNode awaitStatus(String id, String status, int seconds) {
        JsonNode d = null;
        for (int i = 0; i < seconds * 5; i++) {
            d = admin("GET", "/v1/admin/deployments/" + id, null).json();
            if (status.equals(d.get("status").asText())) {
                return d;
            }
            NeravaServer.sleep(200);
        }
        throw new AssertionError("deployment " + id + " never reached " + status + ": " + d);
    }

    private static HttpResult admin(String method, String path, String body) {
        String credentials = Base64.getEncoder().encodeToString((ADMIN + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        return server.send(method, path, body, body == null ? Map.of("Authorization", "Basic " + credentials)
                : Map.of("Authorization", "Basic " + credentials, "Content-Type", "application/json"));
    }
}
