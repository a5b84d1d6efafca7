package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nerava.testing.FakeGitHub;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The admin API of the built distribution, with Karaf users added to {@code etc/users.properties} before boot and a
 * fake GitHub on loopback: who gets in (JAAS realm {@code karaf}, role {@code admin}), what a deployment does and
 * records, how GitHub's failures and silence are answered, the OTP provider endpoints, the audit trail as REST and
 * {@code nerava:audit} show it, and that the GitHub token appears in no response, log line or configuration file.
 */
class AdminApiTest {

    private static final String ALICE = "alice";
    private static final String ALICE_PASSWORD = "alice-" + UUID.randomUUID();
    private static final String VICTOR = "victor";
    private static final String VICTOR_PASSWORD = "victor-" + UUID.randomUUID();
    private static final String CHALLENGE = "Basic realm=\"nerava-admin\"";

    /** Every admin endpoint, with a body where it takes one. */
    private static final List<String[]> ENDPOINTS = List.of(
            new String[] {"GET", "/v1/admin/deployments", null},
            new String[] {"GET", "/v1/admin/deployments/" + UUID.randomUUID(), null},
            new String[] {"POST", "/v1/admin/deployments/trigger", "{\"target\":\"backend\",\"ref\":\"main\"}"},
            new String[] {"GET", "/v1/admin/otp/providers", null},
            new String[] {"PUT", "/v1/admin/otp/provider", "{\"provider\":\"console\"}"},
            new String[] {"GET", "/v1/admin/audit", null});

    private static FakeGitHub github;
    private static NeravaServer server;
    private static String driverToken;
    /** Every answer the server gave in this class, searched for the token at the end. */
    private static final List<HttpResult> ANSWERS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void boot() {
        github = new FakeGitHub();
        server = NeravaServer.start(github.environment(), List.of(
                ALICE + " = " + ALICE_PASSWORD + ",_g_:admingroup",
                "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh",
                VICTOR + " = " + VICTOR_PASSWORD + ",_g_:viewergroup",
                "_g_\\:viewergroup = group,viewer,ssh"));
        server.configure("org.nerava.auth", "sendsPerIpPerHour", "1000");
        // This class sends wrong passwords on purpose, one per endpoint; the throttle has its own test.
        server.configure("org.nerava.admin", "failuresBeforeLock", "100");
        driverToken = server.signIn("+14155550401");
    }

    @AfterAll
    static void shutdown() throws Exception {
        try {
            if (server != null) {
                for (HttpResult answer : ANSWERS) {
                    assertThat(answer.body() + answer.headers()).doesNotContain(FakeGitHub.TOKEN);
                }
                assertThat(server.log()).doesNotContain(FakeGitHub.TOKEN);
                assertThat(Files.readString(server.home().resolve("etc/org.nerava.deployments.cfg")))
                        .doesNotContain(FakeGitHub.TOKEN);
            }
        } finally {
            if (server != null) {
                server.close();
            }
            if (github != null) {
                github.close();
            }
        }
    }

    // ---- who gets in

    @Test
    void everyAdminEndpointRefusesAnonymousDriverTokenWrongPasswordAndNonAdminCallers() {
        int dispatches = github.received().size();
        for (String[] endpoint : ENDPOINTS) {
            String what = endpoint[0] + " " + endpoint[1];

            HttpResult anonymous = call(endpoint[0], endpoint[1], endpoint[2], Map.of());
            assertThat(anonymous.status()).as(what + " anonymous").isEqualTo(401);
            assertThat(anonymous.header("WWW-Authenticate")).as(what).isEqualTo(CHALLENGE);
            assertThat(anonymous.header("Content-Type")).startsWith("application/problem+json");
            assertThat(anonymous.json().get("code").asText()).isEqualTo("missing_credentials");

            HttpResult driver = call(endpoint[0], endpoint[1], endpoint[2],
                    Map.of("Authorization", "Bearer " + driverToken));
            assertThat(driver.status()).as(what + " driver token").isEqualTo(401);
            assertThat(driver.header("WWW-Authenticate")).isEqualTo(CHALLENGE);
            assertThat(driver.json().get("code").asText()).isEqualTo("invalid_credentials");

            HttpResult wrongPassword = call(endpoint[0], endpoint[1], endpoint[2], basic(ALICE, "not-her-password"));
            assertThat(wrongPassword.status()).as(what + " wrong password").isEqualTo(401);
            assertThat(wrongPassword.header("WWW-Authenticate")).isEqualTo(CHALLENGE);
            assertThat(wrongPassword.body()).doesNotContain("not-her-password");

            HttpResult viewer = call(endpoint[0], endpoint[1], endpoint[2], basic(VICTOR, VICTOR_PASSWORD));
            assertThat(viewer.status()).as(what + " viewer").isEqualTo(403);
            assertThat(viewer.json().get("code").asText()).isEqualTo("admin_role_required");
        }
        assertThat(github.received()).as("refused triggers dispatch nothing").hasSize(dispatches);

        // Every refusal is in the trail, with the user name tried and never the password.
        JsonNode viewerDenials = admin("GET", "/v1/admin/audit?actor=admin:victor&action=admin.access&limit=50", null)
                .json().get("entries");
        assertThat(viewerDenials).hasSizeGreaterThanOrEqualTo(ENDPOINTS.size());
        viewerDenials.forEach(e -> assertThat(e.get("outcome").asText()).isEqualTo("DENIED"));
        assertThat(viewerDenials.toString()).contains("GET /v1/admin/audit", "PUT /v1/admin/otp/provider",
                "without the admin role").doesNotContain(VICTOR_PASSWORD);
        JsonNode wrongPasswords = admin("GET", "/v1/admin/audit?actor=admin:alice&action=admin.access&limit=50", null)
                .json().get("entries");
        assertThat(wrongPasswords.toString()).contains("wrong user name or password").doesNotContain("not-her-password");
        JsonNode anonymous = admin("GET", "/v1/admin/audit?actor=anonymous&action=admin.access&limit=100", null)
                .json().get("entries");
        assertThat(anonymous).hasSizeGreaterThanOrEqualTo(2 * ENDPOINTS.size());
        assertThat(anonymous.toString()).contains("no credentials", "Bearer credentials").doesNotContain(driverToken);

        String shell = server.shell("nerava:audit --actor admin:victor --action admin.access -n 50");
        assertThat(shell).contains("admin:victor").contains("DENIED").contains("GET /v1/admin/deployments");
        assertThat(server.log()).doesNotContain(VICTOR_PASSWORD).doesNotContain("not-her-password");
    }

    @Test
    void anAdminGetsIn() {
        for (String[] endpoint : List.of(ENDPOINTS.get(0), ENDPOINTS.get(3), ENDPOINTS.get(5))) {
            assertThat(admin(endpoint[0], endpoint[1], endpoint[2]).status()).as(endpoint[1]).isEqualTo(200);
        }
    }

    // ---- deployments

    @Test
    void aTriggerDispatchesTheWorkflowRecordsTheRunAndIsAudited() {
        github.acceptWithRunDetails();
        int before = github.received().size();

        HttpResult triggered = admin("POST", "/v1/admin/deployments/trigger",
                "{\"target\":\"backend\",\"ref\":\"release/2.4\"}");

        assertThat(triggered.status()).as(triggered.body()).isEqualTo(202);
        JsonNode d = triggered.json();
        String id = d.get("id").asText();
        assertThat(d.get("target").asText()).isEqualTo("backend");
        assertThat(d.get("ref").asText()).isEqualTo("release/2.4");
        assertThat(d.get("status").asText()).isEqualTo("dispatched");
        assertThat(d.get("requested_by").asText()).isEqualTo("admin:alice");
        assertThat(d.get("run_id").asLong()).isPositive();
        assertThat(d.get("html_url").asText()).startsWith("https://github.com/nerava/deployments/actions/runs/");
        assertThat(d.get("github_status").asInt()).isEqualTo(200);
        assertThat(triggered.header("Location")).endsWith("/v1/admin/deployments/" + id);

        FakeGitHub.Received sent = github.received().get(before);
        assertThat(sent.path()).isEqualTo("/repos/nerava/deployments/actions/workflows/deploy-backend.yml/dispatches");
        assertThat(sent.authorization()).isEqualTo("Bearer " + FakeGitHub.TOKEN);
        assertThat(sent.body()).contains("\"ref\":\"release/2.4\"").contains("\"return_run_details\":true");

        HttpResult one = admin("GET", "/v1/admin/deployments/" + id, null);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("run_id").asLong()).isEqualTo(d.get("run_id").asLong());
        assertThat(admin("GET", "/v1/admin/deployments?limit=1", null).json().at("/deployments/0/id").asText())
                .isEqualTo(id);

        JsonNode trail = admin("GET", "/v1/admin/audit?action=deployment.trigger&actor=admin:alice", null).json();
        assertThat(trail.get("entries").toString()).contains(id).contains("SUCCESS");
        assertThat(server.shell("nerava:audit --action deployment.trigger -n 50")).contains("admin:alice")
                .contains(id);
    }

    @Test
    void aDeploymentIsFollowedToItsOutcomeCountedAndRolledBackToTheLastGoodRef() {
        server.configure("org.nerava.deployments", "pollIntervalSeconds", "1", "maxPollIntervalSeconds", "2");
        github.acceptWithRunDetails();
        String good = admin("POST", "/v1/admin/deployments/trigger", "{\"target\":\"admin\",\"ref\":\"v19\"}")
                .json().get("id").asText();
        long goodRun = github.lastRun().id();
        github.start(goodRun);
        awaitStatus(good, "in_progress");
        github.complete(goodRun, "success");
        JsonNode succeeded = awaitStatus(good, "succeeded");
        assertThat(succeeded.get("conclusion").asText()).isEqualTo("success");
        assertThat(succeeded.get("duration_s").isIntegralNumber()).isTrue();
        assertThat(succeeded.get("completed_at").asText()).isNotBlank();

        // No ref: the configured default (main); its run fails.
        HttpResult triggered = admin("POST", "/v1/admin/deployments/trigger", "{\"target\":\"admin\"}");
        assertThat(triggered.json().get("ref").asText()).isEqualTo("main");
        String bad = triggered.json().get("id").asText();
        github.complete(github.lastRun().id(), "failure");
        assertThat(awaitStatus(bad, "failed").get("error").asText()).contains("conclusion failure");

        JsonNode failedOnes = admin("GET", "/v1/admin/deployments?target=admin&status=failed", null).json();
        assertThat(failedOnes.get("total").asInt()).isPositive();
        failedOnes.get("deployments").forEach(d -> assertThat(d.get("status").asText()).isEqualTo("failed"));
        assertThat(admin("GET", "/v1/admin/deployments?status=nope", null).json().get("code").asText())
                .isEqualTo("invalid_status");
        JsonNode targets = admin("GET", "/v1/admin/deployments/targets", null).json().get("targets");
        assertThat(targets.get(2).get("target").asText()).isEqualTo("admin");
        assertThat(targets.get(2).get("rollback_ref").asText()).isEqualTo("v19");
        assertThat(targets.get(2).get("configured").asBoolean()).isTrue();
        assertThat(targets.get(3).get("configured").asBoolean()).as("merchant has no workflow").isFalse();
        assertThat(targets.get(3).get("missing").toString()).contains("workflowMerchant");

        HttpResult rollback = admin("POST", "/v1/admin/deployments/rollback", "{\"target\":\"admin\"}");
        assertThat(rollback.status()).as(rollback.body()).isEqualTo(202);
        assertThat(rollback.json().get("ref").asText()).isEqualTo("v19");
        github.complete(github.lastRun().id(), "success");
        awaitStatus(rollback.json().get("id").asText(), "succeeded");
        assertThat(server.shell("nerava:deploy --rollback admin")).contains("admin on v19 dispatched");
        assertThat(admin("POST", "/v1/admin/deployments/rollback", "{\"target\":\"merchant\"}").json().get("code")
                .asText()).isEqualTo("no_good_deployment");

        assertThat(server.get("/metrics").body())
                .containsPattern("nerava_deployments_total\\{[^}]*outcome=\"succeeded\"[^}]*target=\"admin\"")
                .containsPattern("nerava_deployments_total\\{[^}]*outcome=\"failed\"[^}]*target=\"admin\"")
                .contains("nerava_deployment_duration_seconds");
        assertThat(admin("GET", "/v1/admin/audit?action=deployment.outcome", null).body()).contains(good)
                .contains(bad);
        assertThat(server.shell("nerava:deployments")).contains("succeeded").contains("conclusion failure");
    }

    @Test
    void aDeploymentUnderWayWhenTheServerRestartsIsResumedToItsOutcome() {
        server.configure("org.nerava.deployments", "pollIntervalSeconds", "1", "maxPollIntervalSeconds", "2");
        github.acceptWithRunDetails();
        String id = admin("POST", "/v1/admin/deployments/trigger", "{\"target\":\"backend\",\"ref\":\"v31\"}")
                .json().get("id").asText();
        long run = github.lastRun().id();
        github.start(run);
        awaitStatus(id, "in_progress");

        server.restart();
        server.awaitReady();
        github.complete(run, "success");

        assertThat(awaitStatus(id, "succeeded").get("conclusion").asText()).isEqualTo("success");
        assertThat(server.log()).containsPattern("Released [1-9][0-9]* deployment\\(s\\) this node was following");
    }

    @Test
    void aSucceededRunIsVerifiedAgainstItsTargetsUrlWhichAnswers503Then200() throws Exception {
        AtomicInteger answer = new AtomicInteger(503);
        AtomicInteger asked = new AtomicInteger();
        HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        target.createContext("/readyz", exchange -> {
            asked.incrementAndGet();
            exchange.sendResponseHeaders(answer.get(), -1);
            exchange.close();
        });
        target.start();
        String url = "http://127.0.0.1:" + target.getAddress().getPort() + "/readyz";
        try {
            // The URL stays set: writing the key back to empty with config:update lost the file's $[env:...] keys
            // (.token, repository, workflows). Later backend runs of this class that succeed are then verified
            // against a stopped server (their status stays succeeded; nothing here reads their verification).
            server.configure("org.nerava.deployments", "pollIntervalSeconds", "1", "maxPollIntervalSeconds", "2",
                    "verifyUrlBackend", url, "verifyWindowSeconds", "60", "verifyIntervalSeconds", "1");
            github.acceptWithRunDetails();
            String id = admin("POST", "/v1/admin/deployments/trigger", "{\"target\":\"backend\",\"ref\":\"v30\"}")
                    .json().get("id").asText();
            github.complete(github.lastRun().id(), "success");
            JsonNode pending = awaitVerification(id, "pending");
            assertThat(pending.get("status").asText()).isEqualTo("succeeded");
            assertThat(pending.get("error").asText()).contains(url, "answered 503");
            assertThat(admin("GET", "/v1/admin/audit?action=deployment.outcome", null).body()).as("not final yet")
                    .doesNotContain(id);

            answer.set(200);
            JsonNode passed = awaitVerification(id, "passed");

            assertThat(passed.has("error")).as(passed.toString()).isFalse();
            assertThat(asked.get()).isGreaterThanOrEqualTo(2);
            assertThat(admin("GET", "/v1/admin/audit?action=deployment.outcome", null).body()).contains(id)
                    .contains("verification passed");
            assertThat(server.shell("nerava:deployments")).contains("v30").contains("passed");
        } finally {
            target.stop(0);
        }
    }

    private static JsonNode awaitVerification(String id, String verification) {
        JsonNode d = null;
        for (int i = 0; i < 150; i++) {
            d = admin("GET", "/v1/admin/deployments/" + id, null).json();
            if (d.has("verification") && verification.equals(d.get("verification").asText())) {
                return d;
            }
            NeravaServer.sleep(100);
        }
        throw new AssertionError("deployment " + id + " never reached verification " + verification + ": " + d);
    }

    /** Polls a deployment until it has this status (the follower looks every second here). */
    private static JsonNode awaitStatus(String id, String status) {
        JsonNode d = null;
        for (int i = 0; i < 150; i++) {
            d = admin("GET", "/v1/admin/deployments/" + id, null).json();
            if (status.equals(d.get("status").asText())) {
                return d;
            }
            NeravaServer.sleep(100);
        }
        throw new AssertionError("deployment " + id + " never reached " + status + ": " + d);
    }

    @Test
    void aDispatchGitHubAnswersWith204IsAcceptedWithoutRunDetails() {
        github.acceptWithoutRunDetails();

        HttpResult triggered = admin("POST", "/v1/admin/deployments/trigger", "{\"target\":\"driver\",\"ref\":\"main\"}");

        assertThat(triggered.status()).as(triggered.body()).isEqualTo(202);
        assertThat(triggered.json().get("status").asText()).isEqualTo("dispatched");
        assertThat(triggered.json().has("run_id")).isFalse();
        assertThat(triggered.json().get("github_status").asInt()).isEqualTo(204);
    }

    @Test
    void gitHubRefusingIsA502AndAFailedDeploymentThatIsAudited() {
        github.refuse(422, "No ref found for: does-not-exist");

        HttpResult failed = admin("POST", "/v1/admin/deployments/trigger",
                "{\"target\":\"backend\",\"ref\":\"does-not-exist\"}");

        assertThat(failed.status()).as(failed.body()).isEqualTo(502);
        assertThat(failed.header("Content-Type")).startsWith("application/problem+json");
        assertThat(failed.json().get("code").asText()).isEqualTo("deployment_failed");
        assertThat(failed.json().get("detail").asText()).contains("GitHub answered 422").contains("No ref found");
        String location = failed.header("Location");
        assertThat(location).contains("/v1/admin/deployments/");
        JsonNode recorded = admin("GET", location.substring(location.indexOf("/v1/")), null).json();
        assertThat(recorded.get("status").asText()).isEqualTo("failed");
        assertThat(recorded.get("github_status").asInt()).isEqualTo(422);
        assertThat(recorded.get("error").asText()).contains("No ref found");
        assertThat(admin("GET", "/v1/admin/audit?action=deployment.trigger", null).json().get("entries").toString())
                .contains(recorded.get("id").asText()).contains("FAILURE");

        github.refuse(401, "Bad credentials");
        HttpResult unauthorized = admin("POST", "/v1/admin/deployments/trigger",
                "{\"target\":\"backend\",\"ref\":\"main\"}");
        assertThat(unauthorized.status()).isEqualTo(502);
        assertThat(unauthorized.json().get("detail").asText()).contains("401").contains("NERAVA_GITHUB_TOKEN");
        github.acceptWithRunDetails();
    }

    @Test
    void aSilentGitHubCostsTheAdminAFailedDeploymentAtTheTimeoutAndNobodyElseAnything() throws Exception {
        server.configure("org.nerava.deployments", "requestTimeoutMs", "1500", "connectTimeoutMs", "1000");
        github.hang();
        try {
            long started = System.nanoTime();
            CompletableFuture<HttpResult> pending = CompletableFuture.supplyAsync(
                    () -> admin("POST", "/v1/admin/deployments/trigger", "{\"target\":\"backend\",\"ref\":\"main\"}"));
            Thread.sleep(300);
            // While the admin waits, drivers and probes are served.
            assertThat(call("GET", "/healthz", null, Map.of()).status()).isEqualTo(200);
            assertThat(call("GET", "/v1/account", null, Map.of("Authorization", "Bearer " + driverToken)).status())
                    .isEqualTo(200);
            HttpResult failed = pending.get(20, TimeUnit.SECONDS);
            long tookMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(failed.status()).as(failed.body()).isEqualTo(502);
            assertThat(failed.json().get("detail").asText()).contains("did not answer within 1500 ms");
            assertThat(tookMillis).isLessThan(8_000);
        } finally {
            github.acceptWithRunDetails();
            server.configure("org.nerava.deployments", "requestTimeoutMs", "15000", "connectTimeoutMs", "5000");
        }
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheFirstDeploymentAndDispatchesOnce() {
        github.acceptWithRunDetails();
        int before = github.received().size();
        Map<String, String> key = Map.of("Idempotency-Key", "itest-" + UUID.randomUUID());

        HttpResult first = admin("POST", "/v1/admin/deployments/trigger", "{\"target\":\"backend\",\"ref\":\"main\"}",
                key);
        HttpResult again = admin("POST", "/v1/admin/deployments/trigger", "{\"target\":\"backend\",\"ref\":\"main\"}",
                key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
        assertThat(again.json().get("run_id").asLong()).isEqualTo(first.json().get("run_id").asLong());
        assertThat(github.received()).hasSize(before + 1);

        HttpResult reused = admin("POST", "/v1/admin/deployments/trigger", "{\"target\":\"driver\",\"ref\":\"main\"}",
                key);
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.json().get("code").asText()).isEqualTo("idempotency_key_reused");
    }

    @Test
    void badRequestsAreClearProblems() {
        HttpResult unknownTarget = admin("POST", "/v1/admin/deployments/trigger", "{\"target\":\"moon\",\"ref\":\"main\"}");
        assertThat(unknownTarget.status()).isEqualTo(400);
        assertThat(unknownTarget.json().get("code").asText()).isEqualTo("invalid_target");

        HttpResult missingTarget = admin("POST", "/v1/admin/deployments/trigger", "{\"ref\":\"main\"}");
        assertThat(missingTarget.status()).isEqualTo(400);
        assertThat(missingTarget.json().get("code").asText()).isEqualTo("missing_field");

        HttpResult badRef = admin("POST", "/v1/admin/deployments/trigger", "{\"target\":\"backend\",\"ref\":\"../x\"}");
        assertThat(badRef.status()).isEqualTo(400);

        HttpResult notConfigured = admin("POST", "/v1/admin/deployments/trigger",
                "{\"target\":\"merchant\",\"ref\":\"main\"}");
        assertThat(notConfigured.status()).isEqualTo(503);
        assertThat(notConfigured.json().get("code").asText()).isEqualTo("deployments_not_configured");
        assertThat(notConfigured.json().get("detail").asText()).contains("workflowMerchant");

        assertThat(admin("GET", "/v1/admin/deployments/" + UUID.randomUUID(), null).status()).isEqualTo(404);
        HttpResult malformed = admin("GET", "/v1/admin/deployments/not-a-uuid", null);
        assertThat(malformed.status()).isEqualTo(404);
        assertThat(malformed.json().get("code").asText()).isEqualTo("deployment_not_found");

        assertThat(admin("GET", "/v1/admin/deployments?limit=0", null).status()).isEqualTo(400);
        assertThat(admin("GET", "/v1/admin/deployments?limit=101", null).status()).isEqualTo(400);
        assertThat(admin("GET", "/v1/admin/audit?page=abc", null).status()).isEqualTo(400);
        HttpResult paged = admin("GET", "/v1/admin/deployments?page=1&size=1", null);
        assertThat(paged.status()).isEqualTo(200);
        assertThat(paged.json().get("limit").asInt()).isEqualTo(1);
    }

    // ---- OTP providers

    @Test
    void otpProvidersAreListedWithADiagnosisAndSwitchedByAnAdminAsNeravaOtpUseWould() {
        HttpResult listed = admin("GET", "/v1/admin/otp/providers", null);
        assertThat(listed.status()).isEqualTo(200);
        JsonNode console = null;
        for (JsonNode p : listed.json().get("providers")) {
            if ("console".equals(p.get("id").asText())) {
                console = p;
            }
        }
        assertThat(console).as(listed.body()).isNotNull();
        assertThat(console.get("state").asText()).isEqualTo("bound");
        assertThat(console.get("active").asBoolean()).isTrue();
        assertThat(console.get("circuit").asText()).isEqualTo("closed");
        assertThat(console.at("/diagnosis/healthy").asBoolean()).isTrue();
        assertThat(admin("GET", "/v1/admin/otp/providers?diagnose=false", null).json().at("/providers/0")
                .has("diagnosis")).isFalse();

        HttpResult unknown = admin("PUT", "/v1/admin/otp/provider", "{\"provider\":\"carrier-pigeon\"}");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("code").asText()).isEqualTo("unknown_provider");

        HttpResult switched = admin("PUT", "/v1/admin/otp/provider", "{\"provider\":\"console\"}");
        assertThat(switched.status()).as(switched.body()).isEqualTo(200);
        assertThat(switched.json().get("provider").asText()).isEqualTo("console");
        assertThat(switched.json().get("previous").asText()).isEqualTo("console");

        String trail = admin("GET", "/v1/admin/audit?action=otp.provider.use&actor=admin:alice", null).json()
                .get("entries").toString();
        assertThat(trail).contains("carrier-pigeon").contains("FAILURE").contains("SUCCESS");
        // Sign-in still works through the provider the admin chose.
        assertThat(server.sendCode("+14155550402")).matches("[0-9]{6}");
    }

    // ---- the shell

    @Test
    void operatorsDeployAndListFromTheShellAndItIsAudited() {
        github.acceptWithRunDetails();
        String deployed = server.shell("nerava:deploy backend v9.9.9");
        assertThat(deployed).contains("backend on v9.9.9 dispatched, run ");

        String refused = server.shell("nerava:deploy merchant");
        assertThat(refused).contains("not configured").contains("workflowMerchant");

        String listed = server.shell("nerava:deployments -n 50");
        // Followed since: dispatched, then queued (the fake's run waits for a runner).
        assertThat(listed).contains("v9.9.9").contains("shell:" + server.shellUser()).containsAnyOf("dispatched",
                "queued");
        assertThat(server.shell("nerava:audit --actor shell:" + server.shellUser() + " --action deployment.trigger"))
                .contains("SUCCESS").contains("FAILURE").contains("v9.9.9");
        assertThat(admin("GET", "/v1/admin/deployments?limit=100", null).body()).contains("v9.9.9");

        // A shell user without the admin role may list deployments but not start one (etc/org.apache.karaf.command.acl.nerava.cfg).
        int dispatches = github.received().size();
        // (Karaf hides a command its ACL refuses to the user: "Command not found".)
        assertThat(server.shellAs(VICTOR, VICTOR_PASSWORD, "nerava:deploy backend main"))
                .containsAnyOf("Command not found", "Insufficient credentials").doesNotContain("dispatched");
        assertThat(github.received()).hasSize(dispatches);
        assertThat(server.shellAs(VICTOR, VICTOR_PASSWORD, "nerava:deployments")).contains("v9.9.9");
    }

    // ---- helpers

    private static HttpResult admin(String method, String path, String body) {
        return admin(method, path, body, Map.of());
    }

    private static HttpResult admin(String method, String path, String body, Map<String, String> extra) {
        Map<String, String> headers = new HashMap<>(basic(ALICE, ALICE_PASSWORD));
        headers.putAll(extra);
        return call(method, path, body, headers);
    }

    private static HttpResult call(String method, String path, String body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        if (body != null) {
            all.put("Content-Type", "application/json");
        }
        HttpResult result = server.send(method, path, body, all);
        ANSWERS.add(result);
        return result;
    }

    private static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
}
