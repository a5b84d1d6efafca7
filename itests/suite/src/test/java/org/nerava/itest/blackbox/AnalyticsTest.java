package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.nerava.itest.harness.HealthProbe;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;
import org.nerava.testing.FakePostHog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The distribution sends product events to PostHog (a fake one in this JVM, on 127.0.0.1) from the environment
 * alone, and PostHog can neither slow drivers down nor stop the analytics feature from leaving: the same driver
 * requests are timed with PostHog answering and with PostHog hanging, and the feature is uninstalled while it hangs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalyticsTest {

    private static final String KEY = "phc_itest_" + UUID.randomUUID().toString().replace("-", "");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EVENTS_ARRIVE = Duration.ofSeconds(30);
    private static final int SAMPLES = 600;
    /** Allowed on top of twice the healthy p99: scheduling noise on a shared machine. */
    private static final double SLACK_MILLIS = 5;

    @AutoClose
    private static FakePostHog posthog;
    @AutoClose
    private static NeravaServer server;
    private static String token;
    private static final AtomicInteger PHONES = new AtomicInteger(300);

    @BeforeAll
    static void boot() {
        posthog = new FakePostHog();
        server = NeravaServer.start(Map.of("POSTHOG_API_KEY", KEY, "POSTHOG_HOST", posthog.host()));
        // Every request here comes from 127.0.0.1: lift the per-address limit for this class.
        server.configure("org.nerava.auth", "sendsPerIpPerHour", "1000");
    }

    private static String nextPhone() {
        return "+1415555" + String.format("%04d", PHONES.incrementAndGet());
    }

    /** Every batch entry PostHog received so far. */
    private static List<JsonNode> captured() {
        List<JsonNode> events = new ArrayList<>();
        for (FakePostHog.Request request : posthog.requests()) {
            try {
                JSON.readTree(request.body()).get("batch").forEach(events::add);
            } catch (Exception e) {
                throw new AssertionError("not a batch: " + request.body(), e);
            }
        }
        return events;
    }

    private static boolean hasEvent(String name, String distinctId) {
        return captured().stream().anyMatch(e -> e.get("event").asText().equals(name)
                && (distinctId == null || e.get("distinct_id").asText().equals(distinctId)));
    }

    @Test
    @Order(1)
    void signInEventsReachPostHogInBatchesUnderTheDriversPublicIdAndWithoutPhoneCodeOrToken() {
        String phone = "+14155550301";
        String code = server.sendCode(phone);
        HttpResult verified = server.postJson("/v1/auth/otp/verify",
                "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}");
        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        token = verified.json().get("access_token").asText();
        String publicId = verified.json().at("/user/public_id").asText();

        posthog.await(requests -> hasEvent("auth.otp_verified", publicId), EVENTS_ARRIVE);
        List<FakePostHog.Request> requests = posthog.requests();
        for (FakePostHog.Request request : requests) {
            assertThat(request.path()).isEqualTo("/batch/");
            assertThat(request.body()).doesNotContain("4155550301").doesNotContain(code).doesNotContain(token)
                    .contains("\"api_key\":\"" + KEY + "\"");
        }
        JsonNode verifiedEvent = captured().stream().filter(e -> e.get("event").asText().equals("auth.otp_verified"))
                .findFirst().orElseThrow();
        assertThat(verifiedEvent.get("distinct_id").asText()).isEqualTo(publicId);
        assertThat(verifiedEvent.at("/properties/provider").asText()).isEqualTo("console");
        assertThat(verifiedEvent.at("/properties/new_driver").asBoolean()).isTrue();
        JsonNode startedEvent = captured().stream().filter(e -> e.get("event").asText().equals("auth.otp_started"))
                .findFirst().orElseThrow();
        assertThat(startedEvent.get("distinct_id").asText()).startsWith("nerava-server:");
        assertThat(startedEvent.at("/properties/$process_person_profile").asBoolean(true)).isFalse();
        // Both came in one batch: the sender waits flushIntervalMillis (5 s) for a batch to fill.
        assertThat(requests).anyMatch(r -> r.body().contains("auth.otp_started") && r.body().contains(publicId));

        // The fake records a batch before it answers; the sender counts it once the answer is in.
        JsonNode analytics = awaitAnalytics("up", a -> a.path("sent").asLong() >= 2);
        assertThat(analytics.get("critical").asBoolean()).isFalse();
        assertThat(analytics.get("detail").asText()).isEqualTo("sending to PostHog");

        String shell = server.shell("nerava:analytics");
        assertThat(shell).contains("State      : active").contains(posthog.host() + "/batch/")
                .contains("API key    : set (not shown)").doesNotContain(KEY);
        assertThat(server.shell("service:list org.osgi.service.event.EventHandler")).contains("org/nerava/*");
        // Every service, the posthog doctor check's included (it published the key until it registered by hand).
        assertThat(server.shell("service:list")).contains("org.nerava.platform.doctor.DoctorCheck").doesNotContain(KEY);
        assertThat(server.log()).doesNotContain(KEY);
    }

    @Test
    @Order(2)
    void driversSeeTheSameLatencyWhetherPostHogAnswersOrHangs() {
        // The same steady flow of product events in both phases: wrong codes, each one an OTP_FAILED event.
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread events = new Thread(() -> {
            while (producing.get()) {
                server.postJson("/v1/auth/otp/verify", "{\"phone\":\"+14155550399\",\"code\":\"000000\"}");
                NeravaServer.sleep(20);
            }
        }, "event-load");
        events.setDaemon(true);
        events.start();
        try {
            Supplier<HttpResult> account = () -> server.getAuthorized("/v1/account", token);
            Supplier<HttpResult> healthz = () -> server.get("/healthz");
            measure(account, 300);
            measure(healthz, 300);

            double accountHealthy = p99(measure(account, SAMPLES));
            double healthzHealthy = p99(measure(healthz, SAMPLES));
            int sentBeforeHang = posthog.requests().size();
            assertThat(sentBeforeHang).as("PostHog took batches in the healthy phase").isGreaterThan(0);

            posthog.hang();
            posthog.await(requests -> posthog.hanging() > 0, EVENTS_ARRIVE);
            double accountHanging = p99(measure(account, SAMPLES));
            double healthzHanging = p99(measure(healthz, SAMPLES));
            assertThat(posthog.hanging()).as("the sender still waits on PostHog").isGreaterThan(0);

            System.out.printf("GET /v1/account p99: PostHog healthy %.2f ms, PostHog hanging %.2f ms%n",
                    accountHealthy, accountHanging);
            System.out.printf("GET /healthz    p99: PostHog healthy %.2f ms, PostHog hanging %.2f ms%n",
                    healthzHealthy, healthzHanging);
            assertThat(accountHanging).as("GET /v1/account p99 with PostHog hanging, ms")
                    .isLessThanOrEqualTo(2 * accountHealthy + SLACK_MILLIS);
            assertThat(healthzHanging).as("GET /healthz p99 with PostHog hanging, ms")
                    .isLessThanOrEqualTo(2 * healthzHealthy + SLACK_MILLIS);

            // Operators see it: once a request times out (requestTimeoutMillis, 5 s), analytics is degraded.
            JsonNode analytics = awaitAnalytics("degraded");
            assertThat(analytics.get("detail").asText()).startsWith("PostHog is failing: no answer within");
            assertThat(server.get("/readyz").status()).isEqualTo(200);
        } finally {
            producing.set(false);
        }
    }

    @Test
    @Order(3)
    void uninstallingAnalyticsWhilePostHogHangsFailsNoSignInAndNoAccountRequestAndReinstallingResumes() {
        posthog.hang();
        server.postJson("/v1/auth/otp/verify", "{\"phone\":\"+14155550399\",\"code\":\"000000\"}");
        Supplier<HttpResult> signIn = () -> {
            String phone = nextPhone();
            String code = server.sendCode(phone);
            return server.postJson("/v1/auth/otp/verify", "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}");
        };
        long uninstallMillis;
        try (HealthProbe signIns = new HealthProbe("sign-in", signIn);
                HealthProbe accounts = new HealthProbe("account", () -> server.getAuthorized("/v1/account", token))) {
            NeravaServer.sleep(1000);
            long before = System.nanoTime();
            server.uninstallFeature("nerava-analytics");
            uninstallMillis = (System.nanoTime() - before) / 1_000_000;
            assertThat(server.shell("feature:list -i")).doesNotContain("nerava-analytics");
            awaitNoAnalyticsCheck();
            NeravaServer.sleep(1000);

            posthog.release();
            server.shell("feature:install nerava-analytics");
            awaitAnalytics("up");
            NeravaServer.sleep(1000);
            signIns.stop();
            accounts.stop();
            System.out.printf("feature:uninstall nerava-analytics with PostHog hanging: %d ms (shell round trip"
                    + " included); sign-ins %d, account requests %d during uninstall and reinstall%n",
                    uninstallMillis, signIns.requests(), accounts.requests());
            assertThat(signIns.failures()).as("failed sign-ins").isEmpty();
            assertThat(accounts.failures()).as("failed account requests").isEmpty();
            assertThat(signIns.requests()).as("the sign-in probe really ran throughout").isGreaterThan(5);
            assertThat(accounts.requests()).as("the account probe really ran throughout").isGreaterThan(100);
        }
        assertThat(uninstallMillis).as("uninstall with PostHog hanging, ms").isLessThan(15_000);
        assertThat(server.log()).contains("Analytics: a batch of").contains("last try while stopping");
        // From karaf.log: the bundle stop is the one last try (at most 2 s), not PostHog's 5 s request timeout.
        long stopMillis = bundleStopMillis(server.log());
        System.out.printf("org.nerava.analytics stop with PostHog hanging: %d ms (karaf.log)%n", stopMillis);
        assertThat(stopMillis).as("bundle stop with PostHog hanging, ms").isLessThan(3_000);

        // Reinstalled, it reads the same etc/org.nerava.analytics.cfg and sends again.
        String phone = nextPhone();
        String code = server.sendCode(phone);
        HttpResult verified = server.postJson("/v1/auth/otp/verify",
                "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}");
        String publicId = verified.json().at("/user/public_id").asText();
        posthog.await(requests -> hasEvent("auth.otp_verified", publicId), EVENTS_ARRIVE);
    }

    private static JsonNode awaitAnalytics(String status) {
        return awaitAnalytics(status, analytics -> true);
    }

    /** Polls {@code /readyz} until its {@code analytics} check has this status and passes the condition. */
    private static JsonNode awaitAnalytics(String status, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + EVENTS_ARRIVE.toNanos();
        JsonNode analytics = null;
        while (System.nanoTime() < deadline) {
            analytics = server.get("/readyz").json().at("/checks/analytics");
            if (status.equals(analytics.path("status").asText()) && condition.test(analytics)) {
                return analytics;
            }
            NeravaServer.sleep(100);
        }
        throw new AssertionError("readiness check analytics never became " + status + ": " + analytics);
    }

    private static void awaitNoAnalyticsCheck() {
        long deadline = System.nanoTime() + EVENTS_ARRIVE.toNanos();
        while (System.nanoTime() < deadline) {
            if (server.get("/readyz").json().at("/checks/analytics").isMissingNode()) {
                return;
            }
            NeravaServer.sleep(100);
        }
        throw new AssertionError("the analytics check is still in /readyz");
    }

    /** From the first "Stopping bundles:" of an uninstall to its "Uninstalling bundles:", in karaf.log. */
    private static long bundleStopMillis(String log) {
        // Other threads' lines (the access log of the requests running meanwhile) can come between the two.
        Matcher stop = Pattern.compile("(\\S+) \\| INFO .*\\| Stopping bundles:\\R(?:.*\\R){0,20}?.*\\|\\s+org\\.nerava\\.analytics/")
                .matcher(log);
        assertThat(stop.find()).as("karaf.log shows the analytics bundle stopping").isTrue();
        Matcher uninstalled = Pattern.compile("(\\S+) \\| INFO .*\\| Uninstalling bundles:").matcher(log);
        assertThat(uninstalled.find(stop.end())).as("karaf.log shows it uninstalled").isTrue();
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss,SSS");
        return Duration.between(LocalDateTime.parse(stop.group(1), format),
                LocalDateTime.parse(uninstalled.group(1), format)).toMillis();
    }

    /** Sequential requests; each must answer 200. Returns the latencies in milliseconds. */
    private static double[] measure(Supplier<HttpResult> request, int count) {
        double[] millis = new double[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            HttpResult result = request.get();
            millis[i] = (System.nanoTime() - start) / 1e6;
            assertThat(result.status()).as(result.body()).isEqualTo(200);
        }
        return millis;
    }

    private static double p99(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
    }
}
