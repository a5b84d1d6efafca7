package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;

/**
 * {@code GET /metrics} of the built distribution: the named series are there and move with sign-ins and requests,
 * route labels are templates, access is refused outside the allowed networks and without the token, and the
 * metrics feature comes and goes without disturbing the features that record through it.
 */
class MetricsEndpointTest {

    private static final String PID = "org.nerava.metrics";
    @AutoClose
    private static NeravaServer server;

    @BeforeAll
    static void boot() {
        server = NeravaServer.startReady();
        awaitAnswer(() -> server.get("/metrics"), r -> r.status() == 200, "metrics served");
    }

    @Test
    void scrapeIsPrometheusTextWithJvmOtpAndAnalyticsSeries() {
        HttpResult scrape = server.get("/metrics");

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.header("Content-Type")).startsWith("text/plain").contains("version=0.0.4");
        assertThat(scrape.body()).contains(
                "# TYPE jvm_memory_used_bytes gauge",
                "jvm_gc_",
                "jvm_threads_live_threads ",
                "nerava_otp_provider_circuit{provider=\"console\"} 0.0",
                "nerava_otp_provider_circuit{provider=\"twilio_verify\"}",
                "nerava_analytics_queue_depth ",
                "nerava_analytics_events_dropped_total ",
                "nerava_analytics_events_sent_total ");
    }

    @Test
    void signInsAndRequestsMoveTheirSeries() {
        String before = server.get("/metrics").body();
        server.signIn("+14155550170");
        server.get("/v1/merchants/m-does-not-exist-1");
        server.get("/v1/merchants/m-does-not-exist-2");
        String after = server.get("/metrics").body();

        assertThat(value(after, "nerava_otp_starts_total", "outcome", "sent", "provider", "console"))
                .isEqualTo(value(before, "nerava_otp_starts_total", "outcome", "sent", "provider", "console") + 1);
        assertThat(value(after, "nerava_otp_verifies_total", "outcome", "approved", "provider", "console"))
                .isEqualTo(value(before, "nerava_otp_verifies_total", "outcome", "approved", "provider", "console") + 1);
        assertThat(value(after, "nerava_otp_provider_calls_seconds_count", "operation", "deliver", "outcome", "ok",
                "provider", "console"))
                .isEqualTo(value(before, "nerava_otp_provider_calls_seconds_count", "operation", "deliver", "outcome",
                        "ok", "provider", "console") + 1);
        assertThat(value(after, "nerava_http_server_requests_seconds_count", "method", "POST", "route",
                "/v1/auth/otp/verify", "status", "200"))
                .isEqualTo(value(before, "nerava_http_server_requests_seconds_count", "method", "POST", "route",
                        "/v1/auth/otp/verify", "status", "200") + 1);
        assertThat(value(after, "nerava_http_server_requests_seconds_bucket", "method", "POST", "route",
                "/v1/auth/otp/start", "status", "202", "le", "+Inf")).isGreaterThanOrEqualTo(1);
        // Both merchant lookups share the template; no id ever becomes a label.
        assertThat(value(after, "nerava_http_server_requests_seconds_count", "method", "GET", "route",
                "/v1/merchants/{id}", "status", "404"))
                .isEqualTo(value(before, "nerava_http_server_requests_seconds_count", "method", "GET", "route",
                        "/v1/merchants/{id}", "status", "404") + 2);
        assertThat(after).doesNotContain("m-does-not-exist").doesNotContain("+1415555");
    }

    @Test
    void aRefusedSendIsCountedByItsLimit() {
        String phone = "+14155550171";
        server.sendCode(phone);
        double before = value(server.get("/metrics").body(), "nerava_otp_rate_limited_total", "limit",
                "resend_cooldown");

        HttpResult again = server.postJson("/v1/auth/otp/start", "{\"phone\":\"" + phone + "\"}");

        assertThat(again.status()).isEqualTo(429);
        String after = server.get("/metrics").body();
        assertThat(value(after, "nerava_otp_rate_limited_total", "limit", "resend_cooldown")).isEqualTo(before + 1);
        assertThat(value(after, "nerava_otp_starts_total", "outcome", "rate_limited", "provider", "none"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void clientsOutsideTheAllowedNetworksOrWithoutTheTokenAreRefused() {
        try {
            server.configure(PID, "allowedNetworks", "10.0.0.0/8");
            HttpResult forbidden = awaitAnswer(() -> server.get("/metrics"), r -> r.status() == 403, "403 outside");
            assertThat(forbidden.header("Content-Type")).startsWith("application/problem+json");
            assertThat(forbidden.json().get("code").asText()).isEqualTo("metrics_forbidden");
            assertThat(forbidden.body()).doesNotContain("jvm_");

            server.configure(PID, "allowedNetworks", "127.0.0.1/32,::1/128", ".token", "scrape-t0ken");
            HttpResult unauthorized = awaitAnswer(() -> server.get("/metrics"), r -> r.status() == 401,
                    "401 without token");
            assertThat(unauthorized.json().get("code").asText()).isEqualTo("metrics_unauthorized");
            assertThat(unauthorized.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(server.send("GET", "/metrics", null, Map.of("Authorization", "Bearer wrong")).status())
                    .isEqualTo(401);
            HttpResult allowed = server.send("GET", "/metrics", null, Map.of("Authorization", "Bearer scrape-t0ken"));
            assertThat(allowed.status()).isEqualTo(200);
            assertThat(allowed.body()).contains("jvm_threads_live_threads");
            // The token is a private key: never published as a service property for the shell to list.
            assertThat(server.shell("service:list javax.servlet.Servlet")).doesNotContain("scrape-t0ken");
        } finally {
            server.configure(PID, "allowedNetworks", "127.0.0.1/32,::1/128", ".token", null);
            awaitAnswer(() -> server.get("/metrics"), r -> r.status() == 200, "open again");
        }
    }

    @Test
    void metricsComeAndGoWithoutDisturbingTheFeaturesThatRecordAndTheirMetersLeaveWithThem() {
        server.shell("feature:uninstall -r nerava-metrics");
        awaitAnswer(() -> server.get("/metrics"), r -> r.status() == 404, "metrics gone");
        assertThat(server.get("/healthz").status()).isEqualTo(200);
        server.signIn("+14155550172"); // sign-in records nothing now, and works

        server.shell("feature:install -r nerava-metrics");
        awaitAnswer(() -> server.get("/metrics"), r -> r.status() == 200, "metrics back");
        server.signIn("+14155550173");
        awaitAnswer(() -> server.get("/metrics"), r -> value(r.body(), "nerava_otp_starts_total", "outcome", "sent",
                "provider", "console") >= 1, "auth records again after the metrics feature came back");

        server.shell("feature:uninstall -r nerava-analytics");
        awaitAnswer(() -> server.get("/metrics"), r -> !r.body().contains("nerava_analytics_"),
                "analytics meters left with the analytics bundle");
        server.shell("feature:install -r nerava-analytics");
        awaitAnswer(() -> server.get("/metrics"), r -> r.body().contains("nerava_analytics_queue_depth"),
                "analytics meters back");
    }

    /** The value of one sample, 0 when the series does not exist yet. Labels in Micrometer's (alphabetical) order. */
    static double value(String text, String name, String... labels) {
        StringBuilder series = new StringBuilder(name);
        if (labels.length > 0) {
            series.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                series.append(i == 0 ? "" : ",").append(labels[i]).append("=\"").append(labels[i + 1]).append('"');
            }
            series.append('}');
        }
        Matcher line = Pattern.compile("^" + Pattern.quote(series.toString()) + " (\\S+)$", Pattern.MULTILINE)
                .matcher(text);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }

    static HttpResult awaitAnswer(Supplier<HttpResult> call, Predicate<HttpResult> wanted, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        HttpResult last = null;
        while (System.nanoTime() < deadline) {
            last = call.get();
            if (wanted.test(last)) {
                return last;
            }
            NeravaServer.sleep(100);
        }
        String body = last == null ? "" : last.body();
        throw new AssertionError(what + ": last answer " + (last == null ? "none" : last.status() + " "
                + body.substring(0, Math.min(300, body.length()))));
    }
}
