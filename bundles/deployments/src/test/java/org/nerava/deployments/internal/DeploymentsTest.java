package org.nerava.deployments.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.nerava.platform.ProblemException;
import org.nerava.platform.audit.AuditEntry;
import org.nerava.platform.audit.AuditOutcome;
import org.nerava.platform.audit.AuditQuery;
import org.nerava.testing.FakeGitHub;
import org.nerava.testing.RecordingAuditTrail;
import org.nerava.testing.SteppingClock;
import org.nerava.testing.TestDatabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Deployments against a fake GitHub on a loopback port: the real JDK HTTP client and the real deployment store on
 * in-memory H2 and on PostgreSQL; the audit trail keeps its entries in memory. Every test also checks that the token
 * appears in no record, no audit entry and no log line.
 */
@ParameterizedClass(name = "on {0}")
@ArgumentsSource(TestDatabase.Engines.class)
class DeploymentsTest {

    @Parameter
    TestDatabase.Engine engine;

    private static final String TOKEN = "github_pat_11TEST0123456789abcdefSECRET";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeGitHub github = new FakeGitHub();
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-28T10:00:00Z"));
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream systemErr;
    private TestDatabase db;
    private DeploymentStore store;
    private RecordingAuditTrail audit;
    private Deployments deployments;

    @BeforeEach
    void setUp() {
        // slf4j-simple writes to System.err as it is at each line: capture it to look for the token.
        systemErr = System.err;
        System.setErr(new PrintStream(new TeeStream(log, systemErr), true, StandardCharsets.UTF_8));
        db = TestDatabase.on(engine, "nerava-deployments");
        store = new DeploymentStore(db.jpa());
        audit = new RecordingAuditTrail(clock);
        deployments = deployments(Map.of());
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            assertTokenNowhere();
        } finally {
            deployments.deactivate();
            github.close();
            db.close();
            System.setErr(systemErr);
        }
    }

    private Deployments deployments(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>();
        values.put("githubApiUrl", github.baseUrl());
        values.put("_token", TOKEN);
        values.put("repository", "nerava/server");
        values.put("workflowBackend", "deploy-backend.yml");
        values.put("workflowDriver", "deploy-driver.yml");
        values.put("connectTimeoutMs", 1000);
        values.put("requestTimeoutMs", 2000);
        values.putAll(overrides);
        if (deployments != null) {
            deployments.deactivate();
        }
        deployments = new Deployments(store, audit, DeploymentsConfigs.with(values), clock);
        return deployments;
    }

    private Deployment trigger(DeploymentTarget target, String ref, String key) {
        return deployments.trigger(target, ref, "admin:alice", key).toCompletableFuture().join().deployment();
    }

    @Test
    void aDispatchWithRunDetailsIsRecordedAsDispatchedWithTheRun() throws Exception {
        github.answer(200, "{\"workflow_run_id\":987654321,\"run_url\":\"https://api.github.com/repos/nerava/server/"
                + "actions/runs/987654321\",\"html_url\":\"https://github.com/nerava/server/actions/runs/987654321\"}");

        Deployment d = trigger(DeploymentTarget.BACKEND, "main", null);

        assertThat(d.status()).isEqualTo(DeploymentStatus.DISPATCHED);
        assertThat(d.runId()).isEqualTo(987654321L);
        assertThat(d.htmlUrl()).isEqualTo("https://github.com/nerava/server/actions/runs/987654321");
        assertThat(d.runUrl()).endsWith("/actions/runs/987654321");
        assertThat(d.githubStatus()).isEqualTo(200);
        assertThat(d.error()).isNull();
        assertThat(d.requestedBy()).isEqualTo("admin:alice");
        assertThat(store.find(d.id())).contains(d);

        FakeGitHub.Received request = github.received().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/repos/nerava/server/actions/workflows/deploy-backend.yml/dispatches");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(request.header("Accept")).isEqualTo("application/vnd.github+json");
        assertThat(request.header("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.get("ref").asText()).isEqualTo("main");
        assertThat(body.get("return_run_details").asBoolean()).isTrue();
        assertThat(body.has("inputs")).isFalse();

        AuditEntry entry = audit.find(AuditQuery.latest(1)).get(0);
        assertThat(entry.actor()).isEqualTo("admin:alice");
        assertThat(entry.action()).isEqualTo("deployment.trigger");
        assertThat(entry.target()).isEqualTo("backend");
        assertThat(entry.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        assertThat(entry.detail()).contains(d.id()).contains("run 987654321");
    }

    @Test
    void aDispatchAnswered204IsDispatchedWithoutRunDetails() {
        github.answer(204, "");

        Deployment d = trigger(DeploymentTarget.DRIVER, "release/2.4", null);

        assertThat(d.status()).isEqualTo(DeploymentStatus.DISPATCHED);
        assertThat(d.runId()).isNull();
        assertThat(d.htmlUrl()).isNull();
        assertThat(d.githubStatus()).isEqualTo(204);
        assertThat(github.received().get(0).path()).endsWith("/deploy-driver.yml/dispatches");
    }

    @Test
    void aSuccessWhoseBodyIsNotJsonIsStillDispatched() {
        github.answer(200, "<html>ok</html>");

        Deployment d = trigger(DeploymentTarget.BACKEND, "main", null);

        assertThat(d.status()).isEqualTo(DeploymentStatus.DISPATCHED);
        assertThat(d.runId()).isNull();
    }

    @Test
    void badCredentialsAreAFailedDeploymentNamingGitHubsStatusAndTheTokenSetting() {
        github.answer(401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}");

        Deployment d = trigger(DeploymentTarget.BACKEND, "main", null);

        assertThat(d.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(d.githubStatus()).isEqualTo(401);
        assertThat(d.error()).contains("GitHub answered 401").contains("Bad credentials").contains("NERAVA_GITHUB_TOKEN");
        assertThat(d.finishedAt()).isNotNull();
        AuditEntry entry = audit.find(AuditQuery.latest(1)).get(0);
        assertThat(entry.outcome()).isEqualTo(AuditOutcome.FAILURE);
        assertThat(entry.detail()).contains("401");
        // The log is captured (so the token check after each test means something) and names the failure.
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("GitHub answered 401");
    }

    @Test
    void anUnknownRepositoryOrWorkflowIsAFailed404() {
        github.answer(404, "{\"message\":\"Not Found\"}");

        Deployment d = trigger(DeploymentTarget.BACKEND, "main", null);

        assertThat(d.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(d.githubStatus()).isEqualTo(404);
        assertThat(d.error()).contains("GitHub answered 404").contains("workflow");
    }

    @Test
    void aRefusedDispatchIsAFailed422WithGitHubsMessage() {
        github.answer(422, "{\"message\":\"No ref found for: nope\"}");

        Deployment d = trigger(DeploymentTarget.BACKEND, "nope", null);

        assertThat(d.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(d.githubStatus()).isEqualTo(422);
        assertThat(d.error()).contains("GitHub answered 422").contains("No ref found for: nope");
    }

    @Test
    void aGitHubServerErrorIsAFailed500() {
        github.answer(500, "");

        Deployment d = trigger(DeploymentTarget.BACKEND, "main", null);

        assertThat(d.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(d.githubStatus()).isEqualTo(500);
        assertThat(d.error()).contains("GitHub answered 500");
    }

    @Test
    void aGitHubThatDoesNotAnswerIsAFailedDeploymentWithinTheRequestTimeout() {
        deployments(Map.of("requestTimeoutMs", 300));
        github.hang();

        long started = System.nanoTime();
        Deployment d = trigger(DeploymentTarget.BACKEND, "main", null);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(d.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(d.githubStatus()).isNull();
        assertThat(d.error()).contains("did not answer within 300 ms").contains("may have started");
        assertThat(tookMillis).isLessThan(2_500);
        assertThat(store.find(d.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.FAILED);
    }

    @Test
    void anAnswerLongerThanTheLimitIsAFailedDeploymentNotReadFurther() {
        github.flood(30L * 1024 * 1024);
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long heapBefore = runtime.totalMemory() - runtime.freeMemory();

        long started = System.nanoTime();
        Deployment d = trigger(DeploymentTarget.BACKEND, "main", null);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        System.gc();
        long heapAfter = runtime.totalMemory() - runtime.freeMemory();

        assertThat(d.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(d.error()).contains("answered more than 1048576 bytes").contains("may have started");
        System.out.printf("30 MB GitHub answer refused in %d ms, heap %+d KiB%n", tookMillis,
                (heapAfter - heapBefore) / 1024);
        assertThat(tookMillis).isLessThan(5_000);
    }

    @Test
    void aGitHubThatCannotBeReachedIsAFailedDeployment() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        deployments(Map.of("githubApiUrl", "http://127.0.0.1:" + closedPort));

        Deployment d = trigger(DeploymentTarget.BACKEND, "main", null);

        assertThat(d.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(d.error()).contains("could not connect to 127.0.0.1:" + closedPort);
        assertThat(github.received()).isEmpty();
    }

    @Test
    void triggerReturnsBeforeGitHubAnswers() {
        github.delay(800);
        github.answer(204, "");

        long started = System.nanoTime();
        CompletableFuture<Deployments.Triggered> stage = deployments
                .trigger(DeploymentTarget.BACKEND, "main", "admin:alice", null).toCompletableFuture();
        long returnedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(returnedMillis).isLessThan(500);
        assertThat(stage).isNotDone();
        assertThat(store.list(0, 10, null, null).get(0).status()).isEqualTo(DeploymentStatus.DISPATCHING);
        assertThat(stage.join().deployment().status()).isEqualTo(DeploymentStatus.DISPATCHED);
    }

    @Test
    void aComponentThatStopsAnswersItsPendingTriggersAtOnce() throws Exception {
        github.hang();
        CompletableFuture<Deployments.Triggered> stage = deployments
                .trigger(DeploymentTarget.BACKEND, "main", "admin:alice", null).toCompletableFuture();
        Thread.sleep(200);

        deployments.deactivate();

        CompletableFuture<Object> settled = stage.handle((done, failure) -> done != null ? done : failure);
        assertThat(settled.get(2, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyReturnsTheFirstDeploymentAndDispatchesOnce() {
        github.answer(204, "");

        Deployments.Triggered first = deployments.trigger(DeploymentTarget.BACKEND, "main", "admin:alice", "deploy-42")
                .toCompletableFuture().join();
        Deployments.Triggered again = deployments.trigger(DeploymentTarget.BACKEND, "main", "admin:alice", "deploy-42")
                .toCompletableFuture().join();

        assertThat(first.replayed()).isFalse();
        assertThat(again.replayed()).isTrue();
        assertThat(again.deployment().id()).isEqualTo(first.deployment().id());
        assertThat(again.deployment().status()).isEqualTo(DeploymentStatus.DISPATCHED);
        assertThat(github.received()).hasSize(1);
        assertThat(store.count(null, null)).isEqualTo(1);
        assertThat(audit.find(AuditQuery.latest(1)).get(0).detail()).contains("nothing dispatched");
    }

    @Test
    void concurrentRetriesWithOneKeyDispatchOnce() throws Exception {
        github.delay(200);
        github.answer(204, "");
        ExecutorService callers = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Deployments.Triggered>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return deployments.trigger(DeploymentTarget.BACKEND, "main", "admin:alice", "same-key")
                        .toCompletableFuture().join();
            }, callers));
        }
        go.countDown();
        List<String> ids = new ArrayList<>();
        for (CompletableFuture<Deployments.Triggered> r : results) {
            ids.add(r.get(10, TimeUnit.SECONDS).deployment().id());
        }
        callers.shutdown();

        assertThat(ids).containsOnly(ids.get(0));
        assertThat(results.stream().filter(r -> !r.join().replayed())).hasSize(1);
        assertThat(github.received()).hasSize(1);
        assertThat(store.count(null, null)).isEqualTo(1);
    }

    @Test
    void anIdempotencyKeyReusedForAnotherDeploymentIsRefused() {
        github.answer(204, "");
        trigger(DeploymentTarget.BACKEND, "main", "k-1");

        assertThatThrownBy(() -> deployments.trigger(DeploymentTarget.DRIVER, "main", "admin:alice", "k-1"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().getStatus()).isEqualTo(422);
                    assertThat(e.problem().getCode()).isEqualTo("idempotency_key_reused");
                });
        assertThat(github.received()).hasSize(1);
    }

    @Test
    void aFailedFirstAttemptIsWhatARetryWithItsKeyGetsBack() {
        github.answer(500, "");
        Deployment first = trigger(DeploymentTarget.BACKEND, "main", "k-fail");
        github.answer(204, "");

        Deployments.Triggered again = deployments.trigger(DeploymentTarget.BACKEND, "main", "admin:alice", "k-fail")
                .toCompletableFuture().join();

        assertThat(again.replayed()).isTrue();
        assertThat(again.deployment().id()).isEqualTo(first.id());
        assertThat(again.deployment().status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(github.received()).hasSize(1);
    }

    @Test
    void missingConfigurationIs503NamingWhatIsMissingAndSendsNothing() {
        deployments(Map.of("_token", "", "repository", "", "workflowBackend", ""));

        assertThatThrownBy(() -> deployments.trigger(DeploymentTarget.BACKEND, "main", "admin:alice", null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().getStatus()).isEqualTo(503);
                    assertThat(e.problem().getCode()).isEqualTo("deployments_not_configured");
                    assertThat(e.problem().getDetail()).contains(".token (NERAVA_GITHUB_TOKEN)", "repository",
                            "workflowBackend");
                });
        assertThat(github.received()).isEmpty();
        assertThat(store.count(null, null)).isZero();
        AuditEntry entry = audit.find(AuditQuery.latest(1)).get(0);
        assertThat(entry.outcome()).isEqualTo(AuditOutcome.FAILURE);
        assertThat(entry.detail()).contains("not configured");
    }

    @Test
    void aTargetWithoutAWorkflowIsNotConfiguredWhileOthersWork() {
        assertThatThrownBy(() -> deployments.trigger(DeploymentTarget.MERCHANT, "main", "admin:alice", null))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().getDetail()).contains("workflowMerchant").doesNotContain("token"));
        github.answer(204, "");
        assertThat(trigger(DeploymentTarget.BACKEND, "main", null).status()).isEqualTo(DeploymentStatus.DISPATCHED);
    }

    @Test
    void configuredInputsAreSentWithTheirPlaceholdersReplaced() throws Exception {
        deployments(Map.of("workflowInputs", new String[] {"environment=production,deployment={deployment_id}",
                "who={requested_by}", "bad name=x"}));
        github.answer(204, "");

        Deployment d = trigger(DeploymentTarget.BACKEND, "v2.4.0", null);

        JsonNode inputs = JSON.readTree(github.received().get(0).body()).get("inputs");
        assertThat(inputs.get("environment").asText()).isEqualTo("production");
        assertThat(inputs.get("deployment").asText()).isEqualTo(d.id());
        assertThat(inputs.get("who").asText()).isEqualTo("admin:alice");
        assertThat(inputs.has("bad name")).isFalse();
    }

    @Test
    void refsThatAreNotBranchOrTagNamesAreRefusedBeforeAnythingIsRecorded() {
        for (String ref : List.of("../etc", "main..x", "-rf", "a b", "x\"y", "refs/heads/", "é")) {
            assertThatThrownBy(() -> deployments.trigger(DeploymentTarget.BACKEND, ref, "admin:alice", null))
                    .as(ref).isInstanceOfSatisfying(ProblemException.class,
                            e -> assertThat(e.problem().getStatus()).isEqualTo(400));
        }
        assertThat(store.count(null, null)).isZero();
        assertThat(github.received()).isEmpty();
    }

    @Test
    void theHistoryIsNewestFirstAndPaged() {
        github.answer(204, "");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(trigger(DeploymentTarget.BACKEND, "main", null).id());
            clock.advance(Duration.ofSeconds(1));
        }

        Deployments.Page first = deployments.list(0, 2, null, null);
        Deployments.Page last = deployments.list(4, 2, null, null);

        assertThat(first.total()).isEqualTo(5);
        assertThat(first.deployments()).extracting(Deployment::id).containsExactly(ids.get(4), ids.get(3));
        assertThat(last.deployments()).extracting(Deployment::id).containsExactly(ids.get(0));
    }

    @Test
    void unknownAndMalformedIdsAreNotFound() {
        assertThat(deployments.find("00000000-0000-0000-0000-000000000000")).isEmpty();
        assertThat(deployments.find("not-a-uuid")).isEmpty();
        assertThat(deployments.find("' OR 1=1 --")).isEmpty();
        assertThat(deployments.find(null)).isEmpty();
    }

    /** The token in no stored row, no audit entry and no log line. */
    private void assertTokenNowhere() throws Exception {
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain(TOKEN);
        assertThat(audit.entries()).allSatisfy(entry -> assertThat(entry.toString()).doesNotContain(TOKEN));
        try (Connection c = db.connection(); Statement s = c.createStatement();
                ResultSet tables = c.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                String table = tables.getString("TABLE_NAME");
                try (ResultSet rows = s.getConnection().createStatement().executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int i = 1; i <= columns; i++) {
                            assertThat(String.valueOf(rows.getObject(i))).as(table).doesNotContain(TOKEN);
                        }
                    }
                }
            }
        }
        for (Deployment d : store.list(0, 100, null, null)) {
            assertThat(d.toString()).doesNotContain(TOKEN);
        }
    }

    /** Writes to the captured log and still to the console. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
