package org.nerava.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nerava.platform.events.EventTopics;
import org.nerava.platform.health.Readiness;
import org.nerava.testing.FakePostHog;
import org.osgi.service.event.Event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The forwarder and its sender against a fake PostHog on loopback, through the real HTTP client. */
class AnalyticsForwarderTest {

    private static final String KEY = "phc_unit_test_key_7d0c1e";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path data;
    private final FakePostHog posthog = new FakePostHog();
    private final List<AnalyticsForwarder> forwarders = new ArrayList<>();

    @AfterEach
    void stop() {
        forwarders.forEach(AnalyticsForwarder::deactivate);
        posthog.close();
    }

    private Map<String, Object> config(Object... overrides) {
        Map<String, Object> values = new HashMap<>();
        values.put("apiKey", KEY);
        values.put("host", posthog.host());
        values.put("flushIntervalMillis", 100);
        values.put("connectTimeoutMillis", 500);
        values.put("requestTimeoutMillis", 1000);
        values.put("backoffMillis", 10);
        values.put("maxBackoffMillis", 50);
        for (int i = 0; i < overrides.length; i += 2) {
            values.put((String) overrides[i], overrides[i + 1]);
        }
        return values;
    }

    private AnalyticsForwarder forwarder(Object... overrides) {
        AnalyticsForwarder forwarder = new AnalyticsForwarder(AnalyticsConfigs.settings(config(overrides)),
                data.resolve("server-id"));
        forwarders.add(forwarder);
        return forwarder;
    }

    private static Event verified(String publicId) {
        return new Event(EventTopics.OTP_VERIFIED, Map.of(EventTopics.PROP_PROVIDER, "console",
                EventTopics.PROP_DRIVER, publicId, "new_driver", true, EventTopics.PROP_TIMESTAMP, 1_800_000_000_000L));
    }

    private static Event started() {
        return new Event(EventTopics.OTP_STARTED, Map.of(EventTopics.PROP_PROVIDER, "console"));
    }

    /** Every event of every batch posted, in the order sent. */
    private static List<JsonNode> batchItems(List<FakePostHog.Request> requests) {
        List<JsonNode> items = new ArrayList<>();
        for (FakePostHog.Request request : requests) {
            json(request).get("batch").forEach(items::add);
        }
        return items;
    }

    private static JsonNode item(List<FakePostHog.Request> requests, String event) {
        return batchItems(requests).stream().filter(item -> event.equals(item.get("event").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + event + " in " + requests));
    }

    private static JsonNode json(FakePostHog.Request request) {
        try {
            return JSON.readTree(request.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + request.body(), e);
        }
    }

    private static Readiness readiness(AnalyticsForwarder forwarder) {
        return new AnalyticsReadinessCheck(forwarder).check();
    }

    @Test
    void aFullBatchGoesOutAtOnceAndWhatIsLeftWhenTheBundleStops() {
        AnalyticsForwarder forwarder = forwarder("batchSize", 3, "flushIntervalMillis", 60_000);
        for (int i = 0; i < 4; i++) {
            forwarder.handleEvent(started());
        }
        List<FakePostHog.Request> first = posthog.await(r -> r.size() == 1, WAIT);
        assertThat(json(first.get(0)).get("batch")).hasSize(3);
        sleep(300);
        assertThat(posthog.requests()).as("the fourth waits for its batch to fill").hasSize(1);
        assertThat(forwarder.status().queued()).isEqualTo(1);

        forwarder.deactivate();
        List<FakePostHog.Request> all = posthog.requests();
        assertThat(all).hasSize(2);
        assertThat(json(all.get(1)).get("batch")).hasSize(1);
        assertThat(forwarder.status().sent()).isEqualTo(4);
    }

    @Test
    void aBatchThatDoesNotFillGoesOutWhenTheFlushIntervalHasPassed() {
        AnalyticsForwarder forwarder = forwarder("batchSize", 50, "flushIntervalMillis", 400);
        long before = System.nanoTime();
        forwarder.handleEvent(started());
        forwarder.handleEvent(started());
        List<FakePostHog.Request> requests = posthog.await(r -> !r.isEmpty(), WAIT);
        long tookMillis = (System.nanoTime() - before) / 1_000_000;
        assertThat(tookMillis).isBetween(350L, 5_000L);
        assertThat(json(requests.get(0)).get("batch")).hasSize(2);
    }

    @Test
    void batchesHavePostHogsShapeAndDriversAreKnownByTheirPublicIdOnly() {
        AnalyticsForwarder forwarder = forwarder();
        String publicId = UUID.randomUUID().toString();
        forwarder.handleEvent(verified(publicId));
        forwarder.handleEvent(started());
        // The sender may post the first event before the second is queued: one batch or two.
        List<FakePostHog.Request> requests = posthog.await(r -> batchItems(r).size() == 2, WAIT);

        for (FakePostHog.Request request : requests) {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/batch/");
            assertThat(request.contentType()).isEqualTo("application/json");
            assertThat(json(request).get("api_key").asText()).isEqualTo(KEY);
        }
        int before = requests.size();
        // Two batches may arrive in either order (two sender threads): each event is found by its name.
        JsonNode driver = item(requests, "auth.otp_verified");
        assertThat(driver.get("event").asText()).isEqualTo("auth.otp_verified");
        assertThat(driver.get("distinct_id").asText()).isEqualTo(publicId);
        assertThat(driver.get("timestamp").asText()).isEqualTo("2027-01-15T08:00:00Z");
        assertThat(driver.get("properties").get("provider").asText()).isEqualTo("console");
        assertThat(driver.get("properties").get("new_driver").asBoolean()).isTrue();
        assertThat(driver.get("properties").has("$process_person_profile")).isFalse();
        assertThat(driver.get("properties").has(EventTopics.PROP_DRIVER)).isFalse();
        assertThat(UUID.fromString(driver.get("uuid").asText())).isNotNull();

        JsonNode anonymous = item(requests, "auth.otp_started");
        assertThat(anonymous.get("event").asText()).isEqualTo("auth.otp_started");
        assertThat(anonymous.get("distinct_id").asText()).startsWith("nerava-server:");
        assertThat(anonymous.get("properties").get("$process_person_profile").asBoolean(true)).isFalse();

        // The node's id is kept: another start of the bundle on this node uses the same one.
        forwarder.deactivate();
        forwarder().handleEvent(started());
        // Delivery is at least once: on a loaded machine a batch whose answer came late is sent again, so the new
        // start is looked for among the requests after those above, by its name.
        List<FakePostHog.Request> later = posthog.await(r -> r.size() > before
                && batchItems(r.subList(before, r.size())).stream()
                        .anyMatch(item -> "auth.otp_started".equals(item.get("event").asText())), WAIT);
        JsonNode again = item(later.subList(before, later.size()), "auth.otp_started");
        assertThat(again.get("distinct_id").asText()).isEqualTo(anonymous.get("distinct_id").asText());
    }

    @Test
    void phoneNumbersCodesAndTokensNeverLeaveTheServer() {
        AnalyticsForwarder forwarder = forwarder();
        Map<String, Object> props = new HashMap<>();
        props.put("phone", "+14155550123");
        props.put("code", "918273");
        props.put("access_token", "nrv_Q2hhcmdpbmdJc0Z1bkJ1dE5vdFRoaXNUb2tlbjEyMzQ1Njc4");
        props.put(EventTopics.PROP_DRIVER, "+14155550123");
        props.put(EventTopics.PROP_REASON, "+14155550123");
        props.put(EventTopics.PROP_PROVIDER, "nrv_Q2hhcmdpbmdJc0Z1bkJ1dE5vdFRoaXNUb2tlbjEyMzQ1Njc4");
        props.put(EventTopics.PROP_MERCHANT, "918273");
        props.put("charger_id", 14155550123L);
        forwarder.handleEvent(new Event(EventTopics.OTP_FAILED, props));
        forwarder.handleEvent(new Event(EventTopics.OTP_FAILED, Map.of(EventTopics.PROP_REASON, "invalid_code")));

        String body = posthog.await(r -> !r.isEmpty(), WAIT).get(0).body();
        assertThat(body).doesNotContain("4155550123").doesNotContain("918273").doesNotContain("nrv_")
                .doesNotContain("phone").doesNotContain("access_token").contains("invalid_code");
    }

    @Test
    void serverErrorsAndTooManyRequestsAreRetriedAndTheBatchIsSentOnce() {
        posthog.answerNext(503, 429, 502);
        AnalyticsForwarder forwarder = forwarder();
        forwarder.handleEvent(started());
        forwarder.handleEvent(started());

        List<FakePostHog.Request> requests = posthog.await(r -> r.size() == 4, WAIT);
        awaitCount(() -> forwarder.status().sent(), 2);
        sleep(300);
        assertThat(posthog.requests()).hasSize(4);
        assertThat(requests).extracting(FakePostHog.Request::body).as("the same batch, event uuids included")
                .containsOnly(requests.get(0).body());
        AnalyticsStatus status = forwarder.status();
        assertThat(status.sent()).isEqualTo(2);
        assertThat(status.failed()).isZero();
        assertThat(status.retries()).isEqualTo(3);
        assertThat(status.failing()).isFalse();
        assertThat(status.lastError()).isEqualTo("PostHog answered 502");
        assertThat(readiness(forwarder).status()).isEqualTo(Readiness.Status.UP);
    }

    @Test
    void aRefusedBatchIsFailedWithoutRetry() {
        posthog.answerNext(400);
        AnalyticsForwarder forwarder = forwarder();
        forwarder.handleEvent(started());
        forwarder.handleEvent(started());

        awaitCount(() -> forwarder.status().failed(), 2);
        sleep(300);
        assertThat(posthog.requests()).hasSize(1);
        AnalyticsStatus status = forwarder.status();
        assertThat(status.retries()).isZero();
        assertThat(status.sent()).isZero();
        assertThat(status.lastError()).isEqualTo("PostHog answered 400");
        Readiness readiness = readiness(forwarder);
        assertThat(readiness.status()).isEqualTo(Readiness.Status.DEGRADED);
        assertThat(readiness.detail()).isEqualTo("PostHog is failing: PostHog answered 400");
        assertThat(readiness.details()).containsEntry("failed", 2L).containsEntry("sent", 0L);

        // The next batch goes through and PostHog counts as healthy again.
        forwarder.handleEvent(started());
        awaitCount(() -> forwarder.status().sent(), 1);
        assertThat(readiness(forwarder).status()).isEqualTo(Readiness.Status.UP);
    }

    @Test
    void anUnreachablePostHogIsRetriedAFewTimesThenTheBatchFails() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AnalyticsForwarder forwarder = forwarder("host", "http://127.0.0.1:" + closedPort, "maxRetries", 2);
        forwarder.handleEvent(started());
        awaitCount(() -> forwarder.status().failed(), 1);
        AnalyticsStatus status = forwarder.status();
        assertThat(status.retries()).isEqualTo(2);
        assertThat(status.lastError()).isEqualTo("connection refused or unreachable (3 attempts)");
    }

    @Test
    void aHangingPostHogTimesOutRetriesBoundedlyAndNeverSlowsTheHandler() {
        posthog.hang();
        AnalyticsForwarder forwarder = forwarder("requestTimeoutMillis", 300, "maxRetries", 2, "batchSize", 10,
                "flushIntervalMillis", 50, "queueCapacity", 1000);
        forwarder.handleEvent(started());
        posthog.await(r -> posthog.hanging() == 1, WAIT);

        long before = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            forwarder.handleEvent(started());
        }
        long tookMicros = (System.nanoTime() - before) / 1_000;
        System.out.printf("10,000 handleEvent calls while PostHog hangs: %d us%n", tookMicros);
        assertThat(tookMicros).as("10,000 handleEvent calls, in microseconds").isLessThan(500_000);
        assertThat(forwarder.status().dropped()).as("the queue holds 1000").isGreaterThanOrEqualTo(9_000);
        assertThat(forwarder.status().queued()).as("the queue and the batch in hand").isLessThanOrEqualTo(1000 + 10);

        // The first batch: one try and two retries, each cut off by the request timeout, then it counts as failed.
        awaitCount(() -> forwarder.status().failed(), 1);
        AnalyticsStatus status = forwarder.status();
        assertThat(status.failed()).isEqualTo(1);
        assertThat(status.retries()).isEqualTo(2);
        assertThat(status.lastError()).contains("no answer within").contains("(3 attempts)");
        assertThat(posthog.requests().stream().filter(r -> r.body().equals(posthog.requests().get(0).body())))
                .hasSize(3);
        assertThat(readiness(forwarder).status()).isEqualTo(Readiness.Status.DEGRADED);

        // Stopping while it hangs: one bounded last try, and every event is accounted for.
        long stopping = System.nanoTime();
        forwarder.deactivate();
        long stopMillis = (System.nanoTime() - stopping) / 1_000_000;
        System.out.printf("deactivate while PostHog hangs: %d ms%n", stopMillis);
        assertThat(stopMillis).isLessThan(BatchSender.LAST_FLUSH.toMillis() + 1_000);
        status = forwarder.status();
        assertThat(status.sent() + status.failed() + status.dropped()).isEqualTo(10_001);
    }

    @Test
    void stoppingWhilePostHogHangsTakesNoMoreThanTheLastFlushAllows() {
        posthog.hang();
        AnalyticsForwarder forwarder = forwarder("requestTimeoutMillis", 60_000, "flushIntervalMillis", 10);
        forwarder.handleEvent(started());
        posthog.await(r -> posthog.hanging() == 1, WAIT);
        forwarder.handleEvent(started());

        long stopping = System.nanoTime();
        forwarder.deactivate();
        long stopMillis = (System.nanoTime() - stopping) / 1_000_000;
        System.out.printf("deactivate while PostHog hangs (60 s request timeout): %d ms%n", stopMillis);
        assertThat(stopMillis).isBetween(BatchSender.LAST_FLUSH.toMillis() - 100,
                BatchSender.LAST_FLUSH.toMillis() + 500);
        AnalyticsStatus status = forwarder.status();
        assertThat(status.failed() + status.dropped()).isEqualTo(2);
        assertThat(posthog.requests()).as("the first try, then one last try").hasSize(2);
    }

    @Test
    void withoutAnApiKeyNothingIsQueuedNorSent() {
        AnalyticsForwarder forwarder = forwarder("apiKey", "");
        for (int i = 0; i < 100; i++) {
            forwarder.handleEvent(started());
        }
        sleep(300);
        assertThat(posthog.requests()).isEmpty();
        AnalyticsStatus status = forwarder.status();
        assertThat(status.active()).isFalse();
        assertThat(status.idleReason()).isEqualTo("no API key");
        assertThat(status.queued() + status.dropped() + status.sent()).isZero();
        Readiness readiness = readiness(forwarder);
        assertThat(readiness.status()).isEqualTo(Readiness.Status.UP);
        assertThat(readiness.detail()).isEqualTo("idle: no API key");
    }

    @Test
    void aKeyWithoutAHostIsIdleButDegradedBecauseSomebodyMeantToSend() {
        AnalyticsForwarder forwarder = forwarder("host", "");
        forwarder.handleEvent(started());
        Readiness readiness = readiness(forwarder);
        assertThat(readiness.status()).isEqualTo(Readiness.Status.DEGRADED);
        assertThat(readiness.detail()).isEqualTo("idle: no host");
        assertThat(forwarder.status().queued()).isZero();
    }

    @Test
    void aConfigurationChangeAppliesAtOnceAndKeepsTheCounters() {
        AnalyticsForwarder forwarder = forwarder();
        forwarder.handleEvent(started());
        awaitCount(() -> forwarder.status().sent(), 1);

        forwarder.modified(config("batchSize", 2, "flushIntervalMillis", 60_000));
        forwarder.handleEvent(started());
        forwarder.handleEvent(started());
        posthog.await(r -> r.size() == 2, WAIT);
        awaitCount(() -> forwarder.status().sent(), 3);

        forwarder.modified(config("apiKey", ""));
        forwarder.handleEvent(started());
        assertThat(forwarder.status().idleReason()).isEqualTo("no API key");
        assertThat(forwarder.status().sent()).isEqualTo(3);
        sleep(300);
        assertThat(posthog.requests()).hasSize(2);
    }

    @Test
    void theApiKeyIsNeverShown() {
        posthog.answerNext(401);
        AnalyticsForwarder forwarder = forwarder();
        forwarder.handleEvent(started());
        awaitCount(() -> forwarder.status().failed(), 1);
        assertThat(forwarder.status().toString()).doesNotContain(KEY).contains("(is the API key right?)");
        assertThat(readiness(forwarder).toString()).doesNotContain(KEY);
        assertThat(forwarder.settings().toString()).doesNotContain(KEY);
    }

    @Test
    void declarativeServicesPublishNoServiceForItSoTheApiKeyNeverBecomesAServiceProperty() throws Exception {
        String description;
        try (var in = AnalyticsForwarder.class.getResourceAsStream(
                "/OSGI-INF/org.nerava.analytics.internal.AnalyticsForwarder.xml")) {
            assertThat(in).as("the DS description bnd wrote").isNotNull();
            description = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(description).contains("configuration-pid=\"org.nerava.analytics\"").doesNotContain("<service")
                .doesNotContain("apiKey");
    }

    private static void awaitCount(java.util.function.LongSupplier count, long expected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count.getAsLong() < expected && System.nanoTime() < deadline) {
            sleep(10);
        }
        assertThat(count.getAsLong()).isEqualTo(expected);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
