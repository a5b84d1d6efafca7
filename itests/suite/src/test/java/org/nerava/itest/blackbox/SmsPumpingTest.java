package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;

/**
 * The SMS-pumping guard against the built distribution (a US deployment, the console provider): a number abroad is
 * refused before any provider is asked, a burst to one number range from many addresses is cut at the range's
 * limit, and both are counted by reason on /metrics and summed in the audit trail.
 */
class SmsPumpingTest {

    private static final int RANGE_LIMIT = 20;
    @AutoClose
    private static NeravaServer server;

    @BeforeAll
    static void boot() {
        server = NeravaServer.start();
        // The harness lifts the range limit for every other test; here it is the shipped default again. Requests
        // come from 127.0.0.1, trusted as our own proxy, so X-Forwarded-For names the driver. GB is allowed only to
        // see when the new settings apply.
        server.configure("org.nerava.auth", "sendsPerPrefixPerHour", Integer.toString(RANGE_LIMIT),
                "sendsPerIpPerHour", "1000", "trustedProxies", "127.0.0.1", "allowedCountries", "US,GB");
        MetricsEndpointTest.awaitAnswer(() -> start("+447400123456", "192.0.2.1"), r -> r.status() == 202,
                "the new sign-in settings applied");
    }

    private static HttpResult start(String phone, String clientAddress) {
        return server.send("POST", "/v1/auth/otp/start", "{\"phone\":\"" + phone + "\"}",
                Map.of("Content-Type", "application/json", "X-Forwarded-For", clientAddress));
    }

    @Test
    void aLatvianMobileOnAUsDeploymentIs422AndNoProviderIsAsked() {
        String before = server.log();
        HttpResult refused = start("+37121234567", "192.0.2.2");
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("code").asText()).isEqualTo("phone_refused");
        assertThat(server.log().substring(before.length())).doesNotContain("console OTP");

        String metrics = server.get("/metrics").body();
        assertThat(MetricsEndpointTest.value(metrics, "nerava_otp_pumping_refused_total", "reason", "country"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void thirtyStartsToOneRangeFromThirtyAddressesAreCutAtTheRangesLimitAndOtherRangesGoOn() {
        double refusedBefore = MetricsEndpointTest.value(server.get("/metrics").body(),
                "nerava_otp_pumping_refused_total", "reason", "prefix");
        int sent = 0;
        int refused = 0;
        for (int i = 0; i < 30; i++) {
            HttpResult answer = start("+1650253" + (2000 + i), "198.51.100." + (i + 1));
            if (answer.status() == 202) {
                sent++;
                assertThat(refused).as("no send after the first refusal").isZero();
            } else {
                refused++;
                assertThat(answer.status()).as(answer.body()).isEqualTo(429);
                assertThat(answer.json().get("code").asText()).isEqualTo("rate_limited");
                assertThat(answer.json().get("detail").asText()).contains("numbers like this one");
                assertThat(answer.header("Retry-After")).isNotNull();
            }
        }
        assertThat(sent).isEqualTo(RANGE_LIMIT);
        assertThat(refused).isEqualTo(30 - RANGE_LIMIT);
        // A driver of another range is not slowed by the attack.
        assertThat(start("+14155550188", "198.51.100.200").status()).isEqualTo(202);

        String metrics = server.get("/metrics").body();
        assertThat(MetricsEndpointTest.value(metrics, "nerava_otp_pumping_refused_total", "reason", "prefix"))
                .isEqualTo(refusedBefore + refused);
        assertThat(MetricsEndpointTest.value(metrics, "nerava_otp_rate_limited_total", "limit", "prefix"))
                .isGreaterThanOrEqualTo(refused);
        assertThat(MetricsEndpointTest.value(metrics, "nerava_otp_daily_budget_used")).isGreaterThan(0);
        assertThat(metrics).doesNotContain("+1650253");
    }

    @Test
    void refusalsAreAuditedOncePerMinuteInAggregateWithoutNumbers() {
        start("+37121234568", "192.0.2.3");
        String audit = "";
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline && !audit.contains("otp.pumping.refused")) {
            NeravaServer.sleep(2_000);
            audit = server.shell("nerava:audit --action otp.pumping.refused");
        }
        assertThat(audit).contains("otp.pumping.refused").contains("system").contains("country=")
                .doesNotContain("+371");
    }
}
