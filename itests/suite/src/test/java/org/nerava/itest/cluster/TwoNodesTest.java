package org.nerava.itest.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;
import org.nerava.testing.FakeGitHub;
import org.nerava.testing.TestPostgres;

/**
 * Two distribution processes on their own ports sharing one PostgreSQL database, as several nodes behind a load
 * balancer: whatever one node writes, the other reads, and the limits hold for both together. Both nodes boot at the
 * same moment on an empty database, so the schema migrations race and must still run once.
 */
class TwoNodesTest {

    /** The same code key on every node, as docs/operations.md tells operators: a code made on A verifies on B. */
    private static final String CODE_KEYS = "k1:dHdvLW5vZGVzLXNoYXJlLXRoaXMtY29kZS1rZXktMzJiIQ==";
    private static final int PHONE_SENDS_PER_HOUR = 3;
    private static final int ADMIN_FAILURES_BEFORE_LOCK = 100;
    private static final int REFUSALS_PER_WRITER = 20;

    private static TestPostgres database;
    private static FakeGitHub github;
    private static NeravaServer a;
    private static NeravaServer b;
    private static int phones;

    @BeforeAll
    static void bootTwoNodesTogether() {
        database = TestPostgres.createDatabase();
        github = new FakeGitHub();
        Map<String, String> env = new HashMap<>(database.serverEnvironment());
        env.putAll(github.environment());
        env.put("NERAVA_OTP_HMAC_KEYS", CODE_KEYS);
        CompletableFuture<NeravaServer> first = CompletableFuture.supplyAsync(
                () -> NeravaServer.start(env, TwoNodesTest::signInSettings));
        CompletableFuture<NeravaServer> second = CompletableFuture.supplyAsync(
                () -> NeravaServer.start(env, TwoNodesTest::signInSettings));
        // Both joined before anything is thrown, so that a node that did boot is stopped by shutdown().
        CompletableFuture.allOf(first, second).exceptionally(e -> null).join();
        b = second.exceptionally(e -> null).join();
        a = first.exceptionally(e -> null).join();
        if (a == null || b == null) {
            first.join();
            second.join();
        }
        a.awaitReady();
        b.awaitReady();
    }

    /**
     * Every phone here signs in from 127.0.0.1; a short cooldown and a small per-phone limit for the limit test. Set in
     * the file before the first boot, as an operator would for all nodes (the shell's config:edit + config:update
     * would also rewrite the interpolated private code key line).
     */
    private static void signInSettings(Path home) {
        Path cfg = home.resolve("etc/org.nerava.auth.cfg");
        try {
            String text = Files.readString(cfg)
                    .replaceAll("(?m)^sendsPerIpPerHour = .*$", "sendsPerIpPerHour = 1000")
                    .replaceAll("(?m)^resendIntervalSeconds = .*$", "resendIntervalSeconds = 1")
                    .replaceAll("(?m)^sendsPerPhonePerHour = .*$", "sendsPerPhonePerHour = " + PHONE_SENDS_PER_HOUR);
            Files.writeString(cfg, text);
            // Nodes check the catalog version every 2 s here (60 s by default), so a load on one shows on the other soon.
            Path merchants = home.resolve("etc/org.nerava.merchants.cfg");
            Files.writeString(merchants, Files.readString(merchants)
                    .replaceAll("(?m)^catalogRefreshSeconds = .*$", "catalogRefreshSeconds = 2"));
            // The audit test's refused sign-ins all come from 127.0.0.1, as does the harness's shell: the nodes count
            // them together (database) and must stay below the lock, or the shell is refused next.
            Path admin = home.resolve("etc/org.nerava.admin.cfg");
            Files.writeString(admin, Files.readString(admin)
                    .replaceAll("(?m)^failuresBeforeLock = .*$", "failuresBeforeLock = " + ADMIN_FAILURES_BEFORE_LOCK));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void shutdown() {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b, database, github}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // close the rest
            }
        }
    }

    private static String newPhone() {
        return "+1415555" + (6100 + phones++);
    }

    @Test
    void bothNodesBootingTogetherRanEachMigrationOnce() throws Exception {
        Map<String, List<String>> versions = Map.of("nerava_auth", List.of("1", "2"), "nerava_favorites", List.of("1"),
                "nerava_merchants", List.of("1", "2"), "nerava_exclusive_sessions", List.of("1"),
                "nerava_deployments", List.of("1", "2", "3"), "nerava_admin_security", List.of("1"),
                "nerava_platform", List.of("1", "2", "3", "4"));
        for (Map.Entry<String, List<String>> schema : versions.entrySet()) {
            List<String> applied = column("SELECT version FROM " + schema.getKey() + "_schema_history"
                    + " WHERE type = 'SQL' ORDER BY installed_rank");
            assertThat(applied).as(schema.getKey()).containsExactlyElementsOf(schema.getValue());
        }
        long migrated = (a.log() + b.log()).lines().filter(l -> l.matches(".*\\([1-9] script\\(s\\) run now\\).*"))
                .count();
        assertThat(migrated).as("each of the 7 schemas migrated by exactly one node").isEqualTo(versions.size());
    }

    @Test
    void eachNodeSeesBothInTheFleet() {
        String fleet = "";
        for (int attempt = 0; attempt < 30; attempt++) {
            fleet = b.shell("nerava:nodes");
            if (fleet.contains(":" + a.httpPort()) && fleet.contains(":" + b.httpPort())) {
                break;
            }
            NeravaServer.sleep(1_000);
        }
        assertThat(fleet).contains(":" + a.httpPort(), ":" + b.httpPort());
        assertThat(fleet.lines().filter(line -> line.contains(" up ") && line.contains("console")).count())
                .as(fleet).isEqualTo(2);
        assertThat(fleet.lines().filter(line -> line.startsWith("* ")).count()).as("this node marked").isEqualTo(1);
    }

    @Test
    void aCodeSentThroughNodeAVerifiesOnNodeBAndItsTokenWorksOnBoth() {
        String phone = newPhone();
        String code = a.sendCode(phone);

        HttpResult verified = b.postJson("/v1/auth/otp/verify", "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}");

        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        String token = verified.json().get("access_token").asText();
        String publicId = verified.json().at("/user/public_id").asText();
        assertThat(a.getAuthorized("/v1/account", token).json().get("public_id").asText()).isEqualTo(publicId);
        assertThat(b.getAuthorized("/v1/account", token).json().get("public_id").asText()).isEqualTo(publicId);
    }

    @Test
    void aTokenIssuedByNodeAWorksOnNodeBUntilNodeBRevokesIt() {
        String token = a.signIn(newPhone());
        assertThat(b.getAuthorized("/v1/account", token).status()).isEqualTo(200);

        HttpResult logout = b.send("POST", "/v1/auth/logout", null, Map.of("Authorization", "Bearer " + token));

        assertThat(logout.status()).isEqualTo(204);
        assertThat(a.getAuthorized("/v1/account", token).status()).isEqualTo(401);
        assertThat(b.getAuthorized("/v1/account", token).status()).isEqualTo(401);
    }

    @Test
    void codesSentThroughBothNodesCountAgainstOnePhoneLimit() {
        String phone = newPhone();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < PHONE_SENDS_PER_HOUR + 2; i++) {
            NeravaServer node = i % 2 == 0 ? a : b;
            NeravaServer.sleep(1_100); // past the 1 s resend cooldown, so only the hourly limit can refuse
            statuses.add(node.postJson("/v1/auth/otp/start", "{\"phone\":\"" + phone + "\"}").status());
        }

        assertThat(statuses).containsExactly(202, 202, 202, 429, 429);
    }

    @Test
    void aFavoriteAddedOnNodeAIsListedOnNodeBAndRemovedThroughB() {
        String token = a.signIn(newPhone());
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token);

        assertThat(a.send("POST", "/v1/merchants/m_tidewater_coffee/favorite", null, auth).status()).isIn(200, 201);

        assertThat(b.getAuthorized("/v1/merchants/favorites", token).body()).contains("m_tidewater_coffee");
        assertThat(b.send("DELETE", "/v1/merchants/m_tidewater_coffee/favorite", null, auth).status()).isEqualTo(204);
        assertThat(a.getAuthorized("/v1/merchants/favorites", token).body()).doesNotContain("m_tidewater_coffee");
    }

    @Test
    void aCatalogLoadedOnNodeAIsServedByNodeBWhichForgetsOnlyWhatTheLoadChanged() throws Exception {
        String near = "/v1/merchants?lat=41.5&lng=-100.5&radius_m=500";
        assertThat(b.get(near).json().get("merchants").size()).as("B caches the empty neighbourhood").isZero();
        assertThat(b.get("/v1/merchants/m_tidewater_coffee").status()).isEqualTo(200);
        Path file = a.home().resolve("catalog-two-nodes.json");
        Files.writeString(file, """
                {"chargers": [{"id": "ch_cluster_depot", "name": "Cluster Depot", "lat": 41.5, "lng": -100.5,
                  "merchants": [{"id": "m_cluster_cafe", "name": "Cluster Cafe", "category": "coffee",
                                 "lat": 41.5003, "lng": -100.5, "offer": "One node's load, both nodes' answer"}]}]}
                """);
        assertThat(a.shell("nerava:catalog-load " + file)).contains("merchants: 1 added, 0 updated");
        assertThat(a.get(near).body()).as("the loading node at once").contains("m_cluster_cafe");

        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String onB = b.get(near).body();
        while (!onB.contains("m_cluster_cafe") && System.nanoTime() < deadline) {
            NeravaServer.sleep(200);
            onB = b.get(near).body();
        }
        assertThat(onB).as("B after its next version check").contains("m_cluster_cafe");
        assertThat(b.get("/readyz").json().at("/checks/catalog/version").asLong())
                .isEqualTo(a.get("/readyz").json().at("/checks/catalog/version").asLong());
        assertThat(b.get("/v1/merchants/m_tidewater_coffee").status()).isEqualTo(200);
        assertThat(b.log()).doesNotContain("caches cleared");
    }

    @Test
    void anExclusiveActivatedOnNodeAIsActiveOnBAndOnlyOneCanBeActive() {
        String token = b.signIn(newPhone());
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
        String activation = "{\"merchant_id\":\"m_tidewater_coffee\",\"charger_id\":\"ch_sf_soma\",\"lat\":37.78235,"
                + "\"lng\":-122.40255}";

        HttpResult activated = a.send("POST", "/v1/exclusive/activate", activation, auth);
        assertThat(activated.status()).as(activated.body()).isEqualTo(201);
        String id = activated.json().get("id").asText();

        assertThat(b.send("POST", "/v1/exclusive/activate", activation, auth).status()).isEqualTo(409);
        assertThat(b.getAuthorized("/v1/exclusive/active", token).json().get("id").asText()).isEqualTo(id);
        assertThat(b.send("POST", "/v1/exclusive/" + id + "/complete", null, auth).status()).isEqualTo(200);
        assertThat(a.getAuthorized("/v1/exclusive/active", token).status()).isEqualTo(404);
    }

    /**
     * The active OTP provider is node configuration (etc/org.nerava.auth.cfg, like the provider's credentials), not
     * data: {@code nerava:otp-use} on A switches A within the configuration's asynchronous update, and B keeps its own
     * until the operator runs it there too (docs/operations.md, "Running several nodes"). The audit trail, being data,
     * shows every switch on every node.
     */
    @Test
    void aProviderSwitchOnNodeAIsAppliedByNodeBWithinFiveSecondsAndAuditedOnce() {
        try {
            assertThat(a.shell("nerava:otp-use twilio_sms")).contains("Active OTP provider: twilio_sms");
            long switched = System.nanoTime();
            // twilio_sms has no credentials here: a node applying it answers 503 otp_unavailable.
            awaitStatus(() -> b.postJson("/v1/auth/otp/start", "{\"phone\":\"" + newPhone() + "\"}"), 503);
            long appliedMillis = (System.nanoTime() - switched) / 1_000_000;
            System.out.printf("provider switch made on node A applied by node B after %d ms%n", appliedMillis);
            assertThat(appliedMillis).as("node B applies the switch within 5 s").isLessThan(5_000);
            assertThat(b.shell("nerava:otp-providers")).contains("Active provider chosen for the fleet: twilio_sms");
            assertThat(b.shell("nerava:audit --action otp.provider.use -n 10").lines()
                    .filter(l -> l.contains("twilio_sms")).count()).as("one audit entry for the fleet").isEqualTo(1);
            String fleet = "";
            for (int attempt = 0; attempt < 30 && fleet.lines().filter(l -> l.contains("twilio_sms")).count() < 2;
                    attempt++) {
                NeravaServer.sleep(500);
                fleet = a.shell("nerava:nodes");
            }
            assertThat(fleet.lines().filter(l -> l.contains("twilio_sms")).count()).as(fleet).isEqualTo(2);
        } finally {
            assertThat(b.shell("nerava:otp-use --reset")).contains("Fleet choice removed");
            awaitStatus(() -> a.postJson("/v1/auth/otp/start", "{\"phone\":\"" + newPhone() + "\"}"), 202);
            awaitStatus(() -> b.postJson("/v1/auth/otp/start", "{\"phone\":\"" + newPhone() + "\"}"), 202);
        }
    }

    @Test
    void anAuditTrailWrittenByBothNodesAtOnceVerifiesAndAnEditedRowIsNamed() throws Exception {
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (NeravaServer node : List.of(a, b, a, b)) {
            done.add(writers.submit(() -> {
                // 80 refusals from one address in all: below the lock (the threshold's own failure would lock it).
                for (int i = 0; i < REFUSALS_PER_WRITER; i++) {
                    // An unknown user's refused sign-in: one audit entry (admin.access DENIED) each.
                    node.send("GET", "/v1/admin/audit", null, Map.of("Authorization", "Basic " + java.util.Base64
                            .getEncoder().encodeToString(("nobody-" + java.util.UUID.randomUUID() + ":x")
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8))));
                }
            }));
        }
        for (java.util.concurrent.Future<?> f : done) {
            f.get(120, java.util.concurrent.TimeUnit.SECONDS);
        }
        writers.shutdown();
        assertThat(a.shell("nerava:audit --verify")).contains("Audit trail intact");
        assertThat(b.shell("nerava:audit --verify")).contains("Audit trail intact");

        String seq = column("SELECT MAX(seq) / 2 FROM audit_entry").get(0);
        String id = column("SELECT id FROM audit_entry WHERE seq = " + seq).get(0);
        String detail = column("SELECT detail FROM audit_entry WHERE seq = " + seq).get(0);
        execute("UPDATE audit_entry SET detail = 'nothing happened here' WHERE seq = " + seq);
        try {
            assertThat(b.shell("nerava:audit --verify")).contains("NOT intact").contains("entry " + seq)
                    .contains(id).contains("does not match its hash");
        } finally {
            execute("UPDATE audit_entry SET detail = " + (detail == null ? "NULL" : "'" + detail.replace("'", "''")
                    + "'") + " WHERE seq = " + seq);
        }
        assertThat(a.shell("nerava:audit --verify")).as("put back as it was").contains("Audit trail intact");
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void awaitStatus(Supplier<HttpResult> call, int status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        HttpResult last = call.get();
        while (last.status() != status && System.nanoTime() < deadline) {
            NeravaServer.sleep(200);
            last = call.get();
        }
        assertThat(last.status()).as(last.body()).isEqualTo(status);
    }

    private static List<String> column(String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    @Test
    void eachDeploymentRunIsFollowedByOneNodeAndTheOtherTakesOverWhenThatNodeIsKilled() {
        for (NeravaServer node : List.of(a, b)) {
            node.configure("org.nerava.deployments", "pollIntervalSeconds", "1", "maxPollIntervalSeconds", "1");
        }
        github.acceptWithRunDetails();
        String first = deploy(a, "v40");
        github.complete(github.lastRun().id(), "success");
        String outcome = "Deployment " + first + " of backend on v40: succeeded";
        awaitLog(outcome, Duration.ofSeconds(30));
        NeravaServer.sleep(2_000);
        assertThat(List.of(a.log(), b.log())).as("one node followed the run to its outcome")
                .filteredOn(log -> log.contains(outcome)).hasSize(1);

        String second = deploy(b, "v41");
        long run = github.lastRun().id();
        github.start(run);
        String inProgress = "Deployment " + second + " of backend on v41: in_progress";
        awaitLog(inProgress, Duration.ofSeconds(30));
        NeravaServer follower = a.log().contains(inProgress) ? a : b;
        NeravaServer other = follower == a ? b : a;
        follower.kill();
        try {
            github.complete(run, "success");
            long killedAt = System.nanoTime();
            awaitLog(other, "Deployment " + second + " of backend on v41: succeeded", Duration.ofSeconds(90));
            System.out.printf("the surviving node took the deployment over %d ms after the follower was killed%n",
                    Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
        } finally {
            follower.boot();
            follower.awaitReady();
        }
    }

    /** {@code nerava:deploy backend <ref>} on the node; the deployment's id. */
    private static String deploy(NeravaServer node, String ref) {
        String out = node.shell("nerava:deploy backend " + ref);
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("Deployment ([0-9a-f-]{36}):").matcher(out);
        assertThat(id.find()).as(out).isTrue();
        return id.group(1);
    }

    private static void awaitLog(String line, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!a.log().contains(line) && !b.log().contains(line)) {
            assertThat(System.nanoTime()).as("a node logs: " + line).isLessThan(deadline);
            NeravaServer.sleep(200);
        }
    }

    private static void awaitLog(NeravaServer node, String line, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!node.log().contains(line)) {
            assertThat(System.nanoTime()).as("the node logs: " + line).isLessThan(deadline);
            NeravaServer.sleep(200);
        }
    }
}
