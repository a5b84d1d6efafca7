package org.nerava.deployments.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.nerava.platform.ProblemException;
import org.nerava.platform.audit.AuditEntry;
import org.nerava.platform.audit.AuditOutcome;
import org.nerava.testing.FakeGitHub;
import org.nerava.testing.RecordingAuditTrail;
import org.nerava.testing.SteppingClock;
import org.nerava.testing.TestDatabase;

/**
 * Deployments followed to their outcome against a fake GitHub whose runs the test moves, on a clock the test moves;
 * the follower is driven round by round ({@link Deployments#follow()}), as its scheduler would.
 */
@ParameterizedClass(name = "on {0}")
@ArgumentsSource(TestDatabase.Engines.class)
class DeploymentFollowerTest {

    @Parameter
    TestDatabase.Engine engine;

    private final FakeGitHub github = new FakeGitHub();
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-28T10:00:00Z"));
    private TestDatabase db;
    private DeploymentStore store;
    private RecordingAuditTrail audit;
    private Deployments node;

    @BeforeEach
    void setUp() {
        db = TestDatabase.on(engine, "nerava-deployments");
        store = new DeploymentStore(db.jpa());
        audit = new RecordingAuditTrail(clock);
        node = node(Map.of());
    }

    @AfterEach
    void tearDown() throws Exception {
        node.deactivate();
        github.close();
        db.close();
    }

    /** A node whose scheduler never ticks by itself: the test calls {@link Deployments#follow()}. */
    private Deployments node(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>();
        values.put("githubApiUrl", github.baseUrl());
        values.put("_token", FakeGitHub.TOKEN);
        values.put("repository", FakeGitHub.REPOSITORY);
        values.put("workflowBackend", "deploy-backend.yml");
        values.put("connectTimeoutMs", 1000);
        values.put("requestTimeoutMs", 2000);
        values.put("pollIntervalSeconds", 10);
        values.put("maxPollIntervalSeconds", 40);
        values.put("maxFollowMinutes", 120);
        values.putAll(overrides);
        return new Deployments(store, audit, DeploymentsConfigs.with(values), clock, Duration.ofDays(1));
    }

    private Deployment trigger(String ref) {
        return node.trigger(DeploymentTarget.BACKEND, ref, "admin:alice", null).toCompletableFuture().join()
                .deployment();
    }

    private Deployment now(Deployment d) {
        return store.find(d.id()).orElseThrow();
    }

    /** Moves the clock past the next check and runs one round. */
    private void followAfter(Duration wait) {
        clock.advance(wait);
        node.follow();
    }

    @Test
    void aRunIsFollowedThroughQueuedAndInProgressToSucceededWithItsTimesAndConclusion() {
        Deployment d = trigger("v19");
        long run = github.lastRun().id();
        assertThat(d.status()).isEqualTo(DeploymentStatus.DISPATCHED);

        node.follow();
        assertThat(now(d).status()).isEqualTo(DeploymentStatus.QUEUED);
        github.start(run);
        followAfter(Duration.ofSeconds(10));
        assertThat(now(d).status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(now(d).startedAt()).isNotNull();
        github.complete(run, "success");
        followAfter(Duration.ofSeconds(10));

        Deployment done = now(d);
        assertThat(done.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(done.conclusion()).isEqualTo("success");
        assertThat(done.completedAt()).isNotNull();
        assertThat(done.duration()).isNotNull();
        assertThat(done.htmlUrl()).endsWith("/actions/runs/" + run);
        assertThat(done.finishedAt()).isEqualTo(clock.instant());
        assertThat(audit.entries()).filteredOn(e -> e.action().equals(Deployments.OUTCOME_ACTION))
                .singleElement().satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo(AuditOutcome.SUCCESS);
                    assertThat(e.detail()).contains("succeeded (success)", d.id());
                });

        int asked = github.lastRun().requests();
        followAfter(Duration.ofMinutes(5));
        assertThat(github.lastRun().requests()).as("an outcome is not asked about again").isEqualTo(asked);
    }

    @Test
    void aFailedOrCancelledRunIsThatOutcomeWithGitHubsConclusion() {
        Deployment failing = trigger("v20");
        github.complete(github.lastRun().id(), "failure");
        Deployment cancelled = trigger("v21");
        github.complete(github.lastRun().id(), "cancelled");

        node.follow();

        assertThat(now(failing).status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(now(failing).error()).isEqualTo("the run ended with conclusion failure");
        assertThat(now(cancelled).status()).isEqualTo(DeploymentStatus.CANCELLED);
        assertThat(now(cancelled).conclusion()).isEqualTo("cancelled");
        assertThat(audit.entries()).filteredOn(e -> e.action().equals(Deployments.OUTCOME_ACTION))
                .extracting(AuditEntry::outcome).containsOnly(AuditOutcome.FAILURE).hasSize(2);
    }

    @Test
    void aRunThatNeverFinishesTimesOutAfterTheLongestFollow() {
        node.deactivate();
        node = node(Map.of("maxFollowMinutes", 30));
        Deployment d = trigger("v22");
        github.start(github.lastRun().id());
        node.follow();
        assertThat(now(d).status()).isEqualTo(DeploymentStatus.IN_PROGRESS);

        followAfter(Duration.ofMinutes(30));

        assertThat(now(d).status()).isEqualTo(DeploymentStatus.TIMED_OUT);
        assertThat(now(d).error()).contains("no outcome from GitHub within 30 min").contains("/actions/runs/");
    }

    @Test
    void withoutAConfiguredTokenARunIsLeftAsItIsNotTimedOut() {
        Deployment d = trigger("v22");
        node.deactivate();
        node = node(Map.of("_token", "", "maxFollowMinutes", 1));

        followAfter(Duration.ofMinutes(5));

        assertThat(now(d).status()).isEqualTo(DeploymentStatus.DISPATCHED);
        assertThat(github.lastRun().requests()).as("nothing asked without a token").isZero();
    }

    @Test
    void aRunThatCompletedLateGetsItsRealOutcomeNotTimedOut() {
        Deployment d = trigger("v22");
        github.complete(github.lastRun().id(), "success");

        followAfter(Duration.ofHours(3));

        assertThat(now(d).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
    }

    @Test
    void anUnchangedRunIsAskedWithItsETagAndLessAndLessOften() {
        Deployment d = trigger("v23");
        long run = github.lastRun().id();
        node.follow(); // queued, ETag kept
        followAfter(Duration.ofSeconds(10)); // 304: unchanged once, next in 20 s
        assertThat(github.requests()).filteredOn(r -> r.path().endsWith("/runs/" + run)).last()
                .satisfies(r -> assertThat(r.header("If-None-Match")).isNotBlank());
        int asked = github.lastRun().requests();

        followAfter(Duration.ofSeconds(10));
        assertThat(github.lastRun().requests()).as("not due yet: the interval doubled").isEqualTo(asked);
        followAfter(Duration.ofSeconds(10));
        assertThat(github.lastRun().requests()).isEqualTo(asked + 1);
        assertThat(now(d).status()).isEqualTo(DeploymentStatus.QUEUED);

        github.start(run);
        followAfter(Duration.ofSeconds(40));
        assertThat(now(d).status()).as("a change is seen at the next check").isEqualTo(DeploymentStatus.IN_PROGRESS);
    }

    @Test
    void aSpentRateLimitPausesTheFollowerUntilGitHubsReset() {
        Deployment d = trigger("v24");
        Instant reset = clock.instant().plusSeconds(120);
        github.throttle(1, reset.getEpochSecond());

        node.follow(); // 403, rate limit spent
        int asked = github.lastRun().requests();
        github.complete(github.lastRun().id(), "success");
        followAfter(Duration.ofSeconds(60));
        assertThat(github.lastRun().requests()).as("nothing asked before the reset").isEqualTo(asked);
        assertThat(now(d).status()).isEqualTo(DeploymentStatus.DISPATCHED);

        followAfter(Duration.ofSeconds(61));
        assertThat(now(d).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
    }

    @Test
    void aRunGitHubDoesNotKnowFailsAfterThreeAnswers404() {
        Deployment d = trigger("v25");
        github.forget(github.lastRun().id());

        node.follow();
        followAfter(Duration.ofSeconds(20));
        assertThat(now(d).status()).isEqualTo(DeploymentStatus.DISPATCHED);
        followAfter(Duration.ofSeconds(40));

        assertThat(now(d).status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(now(d).error()).contains("GitHub has no run " + d.runId() + " (404)");
    }

    @Test
    void aDispatchWithoutRunDetailsFindsItsRunAmongTheWorkflowsRuns() {
        github.acceptWithoutRunDetails();
        Deployment d = trigger("v26");
        assertThat(d.runId()).isNull();
        long run = github.lastRun().id();

        node.follow();

        assertThat(now(d).runId()).isEqualTo(run);
        assertThat(now(d).status()).isEqualTo(DeploymentStatus.QUEUED);
        Deployment other = trigger("v26");
        node.follow();
        assertThat(now(other).runId()).as("a run is never taken twice").isEqualTo(github.lastRun().id())
                .isNotEqualTo(run);
    }

    @Test
    void withTwoNodesEachRunIsFollowedByOneAndTakenOverOnceTheClaimOfACrashedNodeRunsOut() {
        Deployments other = node(Map.of());
        Deployments crashed = node;
        try {
            Deployment d = trigger("v27");
            node.follow();
            other.follow();
            assertThat(github.lastRun().requests()).as("the second node left it to the first").isEqualTo(1);

            // The first node dies without stopping: its claim runs out, and the other takes the deployment over.
            node = node(Map.of());
            github.complete(github.lastRun().id(), "success");
            clock.advance(Duration.ofSeconds(10));
            other.follow();
            assertThat(now(d).status()).as("the claim still runs").isEqualTo(DeploymentStatus.QUEUED);
            clock.advance(DeploymentFollower.CLAIM_GRACE);
            other.follow();
            assertThat(now(d).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        } finally {
            other.deactivate();
            crashed.deactivate();
        }
    }

    @Test
    void aNodeThatStopsCleanlyReleasesItsClaimsAndAnotherResumesAtOnce() {
        Deployments other = node(Map.of());
        try {
            Deployment d = trigger("v28");
            node.follow();
            node.deactivate();
            node = node(Map.of());
            github.complete(github.lastRun().id(), "success");

            clock.advance(Duration.ofSeconds(10));
            other.follow();

            assertThat(now(d).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        } finally {
            other.deactivate();
        }
    }

    @Test
    void aRollbackDispatchesTheRefOfTheLastSuccessAndWithoutOneIsAConflict() {
        assertThatThrownBy(() -> node.rollback(DeploymentTarget.BACKEND, "admin:alice", null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().getStatus()).isEqualTo(409);
                    assertThat(e.problem().getCode()).isEqualTo("no_good_deployment");
                });
        trigger("v19");
        github.complete(github.lastRun().id(), "success");
        node.follow();
        trigger("v20");
        github.complete(github.lastRun().id(), "failure");
        clock.advance(Duration.ofSeconds(1));
        node.follow();

        Deployment back = node.rollback(DeploymentTarget.BACKEND, "admin:alice", null).toCompletableFuture().join()
                .deployment();

        assertThat(back.ref()).isEqualTo("v19");
        assertThat(back.status()).isEqualTo(DeploymentStatus.DISPATCHED);
        assertThat(github.received()).filteredOn(r -> r.path().endsWith("/dispatches")).last()
                .satisfies(r -> assertThat(r.body()).contains("\"ref\":\"v19\""));
        assertThat(audit.entries()).filteredOn(e -> e.action().equals(Deployments.ROLLBACK_ACTION))
                .extracting(AuditEntry::outcome).containsExactly(AuditOutcome.FAILURE, AuditOutcome.SUCCESS);
    }

    @Test
    void aSucceededRunIsVerifiedUntilItsUrlAnswers2xxAndOnlyThenToldAsAnOutcome() throws Exception {
        try (VerifyTarget target = new VerifyTarget(503)) {
            node.deactivate();
            node = node(Map.of("verifyUrlBackend", target.url(), "verifyWindowSeconds", 60,
                    "verifyIntervalSeconds", 10));
            Deployment d = trigger("v24");
            github.complete(github.lastRun().id(), "success");
            node.follow();

            assertThat(now(d).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
            assertThat(now(d).verification()).isEqualTo(Verification.PENDING);
            assertThat(now(d).error()).contains("answered 503");
            assertThat(target.requests()).isEqualTo(1);
            assertThat(audit.entries()).noneMatch(e -> e.action().equals(Deployments.OUTCOME_ACTION));
            followAfter(Duration.ofSeconds(5));
            assertThat(target.requests()).as("asked again only after the interval").isEqualTo(1);

            target.answer(200);
            followAfter(Duration.ofSeconds(5));

            assertThat(now(d).verification()).isEqualTo(Verification.PASSED);
            assertThat(now(d).error()).isNull();
            assertThat(target.requests()).isEqualTo(2);
            assertThat(audit.entries()).filteredOn(e -> e.action().equals(Deployments.OUTCOME_ACTION))
                    .singleElement().satisfies(e -> {
                        assertThat(e.outcome()).isEqualTo(AuditOutcome.SUCCESS);
                        assertThat(e.detail()).contains("verification passed");
                    });
            followAfter(Duration.ofMinutes(5));
            assertThat(target.requests()).as("a passed verification is not asked again").isEqualTo(2);
        }
    }

    @Test
    void aVerificationWithoutA2xxWithinTheWindowFailsAndARollbackSkipsThatDeployment() throws Exception {
        try (VerifyTarget target = new VerifyTarget(200)) {
            node.deactivate();
            node = node(Map.of("verifyUrlBackend", target.url(), "verifyWindowSeconds", 30,
                    "verifyIntervalSeconds", 10));
            trigger("v19");
            github.complete(github.lastRun().id(), "success");
            node.follow();
            target.answer(503);
            Deployment unhealthy = trigger("v20");
            github.complete(github.lastRun().id(), "success");
            node.follow();
            assertThat(node.rollback(DeploymentTarget.BACKEND, "admin:alice", "pending").toCompletableFuture()
                    .join().deployment().ref()).as("a verification still running is not good yet").isEqualTo("v19");

            for (int i = 0; i < 3; i++) {
                followAfter(Duration.ofSeconds(10));
            }

            Deployment failed = now(unhealthy);
            assertThat(failed.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
            assertThat(failed.verification()).isEqualTo(Verification.FAILED);
            assertThat(failed.error()).contains("verification failed", target.url(), "answered 503", "30 s window");
            assertThat(failed.good()).isFalse();
            assertThat(Deployments.outcome(failed)).isEqualTo("verification_failed");
            assertThat(audit.entries()).filteredOn(e -> e.action().equals(Deployments.OUTCOME_ACTION))
                    .extracting(AuditEntry::outcome).containsExactly(AuditOutcome.SUCCESS, AuditOutcome.FAILURE);
            assertThat(node.lastGood(DeploymentTarget.BACKEND)).get().extracting(Deployment::ref).isEqualTo("v19");
        }
    }

    @Test
    void withoutAVerifyUrlASucceededRunIsVerificationSkipped() {
        Deployment d = trigger("v25");
        github.complete(github.lastRun().id(), "success");
        node.follow();

        assertThat(now(d).verification()).isEqualTo(Verification.SKIPPED);
        assertThat(node.lastGood(DeploymentTarget.BACKEND)).get().extracting(Deployment::id).isEqualTo(d.id());
    }

    /** The deployed target's readiness URL: answers the status the test sets, counting requests. */
    private static final class VerifyTarget implements AutoCloseable {
        private final HttpServer server;
        private final AtomicInteger status;
        private final AtomicInteger requests = new AtomicInteger();

        VerifyTarget(int status) throws IOException {
            this.status = new AtomicInteger(status);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/readyz", exchange -> {
                requests.incrementAndGet();
                exchange.sendResponseHeaders(this.status.get(), -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/readyz";
        }

        void answer(int next) {
            status.set(next);
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
