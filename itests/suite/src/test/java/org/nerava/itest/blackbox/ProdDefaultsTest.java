package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;

/**
 * A {@code prod} boot with the shipped defaults: the default provider (console) refuses to run outside {@code dev},
 * so no provider can send codes. The node still takes traffic (otp is never critical), but says so plainly: otp
 * {@code down} in {@code /readyz} with the reason and the fix, one WARN, {@code nerava_otp_available 0}.
 */
class ProdDefaultsTest {

    @Test
    void aProdBootWithDefaultsIsReadyButSaysSignInCannotSendAndWhatToDo() {
        try (NeravaServer server = NeravaServer.start(Map.of("NERAVA_PROFILE", "prod"))) {
            HttpResult ready = server.awaitReady();
            HttpResult otp = ready;
            for (int i = 0; i < 50 && !"down".equals(otp.json().at("/checks/otp/status").asText()); i++) {
                NeravaServer.sleep(200); // the console provider's activation fails in the background
                otp = server.get("/readyz");
            }
            assertThat(otp.status()).isEqualTo(200);
            assertThat(otp.json().at("/checks/otp/status").asText()).isEqualTo("down");
            assertThat(otp.json().at("/checks/otp/detail").asText()).contains("console: failed")
                    .contains("runs only with profile=dev").contains("NERAVA_OTP_PROVIDER");
            assertThat(server.get("/metrics").body()).contains("nerava_otp_available 0.0");
            HttpResult start = server.postJson("/v1/auth/otp/start", "{\"phone\":\"+14155550177\"}");
            assertThat(start.status()).isEqualTo(503);
            for (int i = 0; i < 200 && !server.log().contains("Sign-in cannot send codes on this node"); i++) {
                NeravaServer.sleep(250); // the WARN comes 30 s after the feature started
            }
            assertThat(server.log()).contains("Sign-in cannot send codes on this node: no configured OTP provider");
        }
    }
}
