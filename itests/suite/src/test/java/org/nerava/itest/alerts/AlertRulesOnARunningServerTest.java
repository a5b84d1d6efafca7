package org.nerava.itest.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;

/**
 * The shipped alert rules against what a running server really exposes on /metrics. Real scrapes, taken a moment
 * apart, are stored 15 s apart as Prometheus's scrape interval would space them, so the rules' {@code for} and
 * windows can pass in seconds: quiet while the server is healthy; once its provider is taken away for real
 * (configuration, then sign-ins that answer 503 otp_unavailable), the node and fleet sign-in alerts and the
 * failing-sign-in alert fire on the server's own series.
 */
class AlertRulesOnARunningServerTest {

    private static final String JOB = "nerava";
    private static final String INSTANCE = "node-under-test";
    private static final long SCRAPE_INTERVAL_MILLIS = 15_000;

    /**
     * Names the rules select that a freshly booted server does not expose yet: the outcome counter of deployments is
     * born at a deployment's outcome (DeploymentsTest). The component and database gauges are on every page.
     */
    private static final Set<String> BORN_LATER = Set.of("nerava_deployments_total");

    @AutoClose
    private static NeravaServer server;
    private static AlertRules rules;
    private final Series series = new Series();
    private long clock;

    @BeforeAll
    static void boot() throws Exception {
        server = NeravaServer.start();
        rules = AlertRules.load(server.home().resolve("etc/nerava-alerts.yml"));
    }

    @Test
    void quietOnAHealthyServerAndFiringOnceItsProviderIsTakenAway() {
        server.signIn("+14155550142");
        for (int i = 0; i < 12; i++) {
            scrape();
        }
        Set<String> exposed = series.names();
        Set<String> missing = new TreeSet<>(rules.metricNames());
        missing.removeAll(exposed);
        missing.remove("up");
        missing.removeAll(BORN_LATER);
        assertThat(missing).as("series the rules select and the server does not expose; it exposes " + exposed)
                .isEmpty();
        for (String alert : rules.alerts()) {
            assertThat(rules.firing(alert, series, 0, clock)).as(alert + " on a healthy server").isEmpty();
        }

        server.configure("org.nerava.auth", "provider", "nope", "fallback", null);
        awaitOtpDown();
        for (int i = 0; i < 12; i++) {
            HttpResult refused = server.postJson("/v1/auth/otp/start", "{\"phone\":\"+1415555" + (1000 + i) + "\"}");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            scrape();
        }
        assertThat(rules.firing("NeravaSignInUnavailableOnNode", series, 0, clock))
                .extracting(l -> l.get("instance")).containsExactly(INSTANCE);
        assertThat(rules.firing("NeravaSignInUnavailable", series, 0, clock)).containsExactly(Map.of());
        assertThat(rules.firing("NeravaSignInFailing", series, 0, clock)).containsExactly(Map.of("job", JOB));
        for (String alert : Set.of("NeravaNodeDown", "NeravaAllNodesDown", "NeravaOtpProviderCircuitOpen",
                "NeravaOtpProviderStuck", "NeravaAnalyticsDropping", "NeravaAnalyticsFailing")) {
            assertThat(rules.firing(alert, series, 0, clock)).as(alert).isEmpty();
        }

        server.stop();
        for (int i = 0; i < 10; i++) {
            series.scrapeFailed(JOB, INSTANCE, clock);
            clock += SCRAPE_INTERVAL_MILLIS;
        }
        clock -= SCRAPE_INTERVAL_MILLIS;
        assertThat(rules.firing("NeravaNodeDown", series, 0, clock)).hasSize(1);
        assertThat(rules.firing("NeravaAllNodesDown", series, 0, clock)).containsExactly(Map.of());
    }

    private static void awaitOtpDown() {
        for (int i = 0; i < 100; i++) {
            if (server.get("/readyz").json().at("/checks/otp/status").asText().equals("down")) {
                return;
            }
            NeravaServer.sleep(100);
        }
        throw new AssertionError("the otp check never went down: " + server.get("/readyz"));
    }

    private void scrape() {
        HttpResult metrics = server.get("/metrics");
        assertThat(metrics.status()).as(metrics.toString()).isEqualTo(200);
        series.scrape(JOB, INSTANCE, clock, metrics.body());
        clock += SCRAPE_INTERVAL_MILLIS;
        NeravaServer.sleep(200);
    }
}
