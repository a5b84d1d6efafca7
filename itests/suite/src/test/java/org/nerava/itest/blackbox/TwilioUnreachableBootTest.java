package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nerava.testing.BlackholePort;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;
import org.nerava.testing.otp.FakeTwilio;

/**
 * The seed's outage, replayed: Twilio Verify is the active provider and Twilio's address never accepts a
 * connection. The container must boot and answer health checks as if nothing were wrong; only sign-in notices, and
 * with a fallback configured it does not even fail.
 */
class TwilioUnreachableBootTest {

    @Test
    void theContainerBootsAndServesWhileTwilioNeverAnswers() throws Exception {
        try (BlackholePort blackhole = new BlackholePort(); FakeTwilio credentials = FakeTwilio.likeTwilio()) {
            Map<String, String> environment = new HashMap<>(credentials.environment());
            environment.put("NERAVA_TWILIO_API_BASE_URL", blackhole.baseUrl());
            environment.put("NERAVA_OTP_PROVIDER", "twilio_verify");
            try (NeravaServer server = NeravaServer.start(environment)) {
                assertThat(server.get("/healthz").status()).isEqualTo(200);
                HttpResult ready = server.awaitReady();
                assertThat(ready.json().at("/checks/otp/detail").asText()).contains("twilio_verify");

                server.configure("org.nerava.otp.twilio", "connectTimeoutMs", "1000");
                long before = System.nanoTime();
                HttpResult refused = server.postJson("/v1/auth/otp/start", "{\"phone\":\"+14155550501\"}");
                assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                assertThat(refused.json().get("code").asText()).isEqualTo("otp_unavailable");
                assertThat((System.nanoTime() - before) / 1_000_000).isLessThan(4_000);

                // Nothing was sent, so sign-in may fall back at once (in dev, to the console).
                server.configure("org.nerava.auth", "fallback", "console");
                Thread.sleep(500); // configuration reaches the components asynchronously
                String code = server.sendCode("+14155550502");
                assertThat(code).matches("[0-9]{6}");
            }
        }
    }
}
