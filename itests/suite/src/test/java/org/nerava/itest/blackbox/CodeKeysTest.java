package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.NeravaServer;

/** A production-style code key from the environment: used, and never published or logged. */
class CodeKeysTest {

    /** 32 bytes, base64: what `head -c 32 /dev/urandom | base64` prints. */
    private static final String SECRET = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";

    @Test
    void aConfiguredKeySignsCodesAndStaysPrivate() {
        try (NeravaServer server = NeravaServer.start(Map.of("NERAVA_OTP_HMAC_KEYS", "k1:" + SECRET))) {
            assertThat(server.signIn("+14155550601")).startsWith("nrv_");
            assertThat(server.log()).doesNotContain("no usable codeHmacKeys").doesNotContain(SECRET);
            String services = server.shell("service:list");
            assertThat(services).contains("org.nerava.auth");
            assertThat(services).doesNotContain(SECRET).doesNotContain("codeHmacKeys");
        }
    }
}
