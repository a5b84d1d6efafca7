package org.nerava.otp.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.otp.spi.OtpProviderException.Reason;
import org.nerava.platform.audit.AuditEntry;
import org.nerava.platform.audit.AuditOutcome;
import org.nerava.platform.config.ConfigProblem;
import org.nerava.platform.config.RefusalAudit;
import org.nerava.testing.RecordingAuditTrail;
import org.nerava.testing.otp.ProviderAnswers;

/**
 * The webhook provider's configuration heals: a value of the wrong type or out of range never fails the component (it
 * used to: the annotation's accessor threw in the constructor and the provider vanished); a refused update keeps the
 * last good values serving; a bad file at boot comes up on the defaults of the refused keys; a fixed file applies.
 */
class WebhookConfigurationTest extends WebhookTestBench {

    @Test
    void aBadTypeAtBootComesUpOnTheDefaultAndStillDelivers() {
        Map<String, Object> properties = config().properties();
        properties.put("connectTimeoutMs", "abc");

        WebhookCodeDelivery provider = provider(properties);

        assertThat(provider.refused()).extracting(ConfigProblem::describe).containsExactly(
                "org.nerava.otp.webhook: connectTimeoutMs = 'abc' refused: a whole number from 1 to 60000");
        assertThat(provider.serving()).startsWith("the defaults of the refused keys");
        provider.deliver(MESSAGE).toCompletableFuture().join();
        assertThat(receiver.accepted()).hasSize(1);
    }

    @Test
    void aRefusedUpdateKeepsTheLastGoodValuesAndAFixedOneApplies() throws IOException {
        WebhookCodeDelivery provider = provider(config().properties());
        assertThat(provider.refused()).isEmpty();

        Map<String, Object> bad = TestConfig.of("http://gateway.example/otp").properties();
        bad.put("connectAttempts", "7");
        provider.modified(bad);

        assertThat(provider.refused()).extracting(ConfigProblem::describe).containsExactlyInAnyOrder(
                "org.nerava.otp.webhook: url = 'http://gateway.example/otp' refused: an https URL with a host, without"
                        + " user or fragment (plain http only to a loopback address, or with allowInsecureHttp = true);"
                        + " empty: not configured",
                "org.nerava.otp.webhook: connectAttempts = '7' refused: a whole number from 1 to 3");
        assertThat(provider.serving()).startsWith("the last good values (applied ");
        assertThat(provider.refusedAt()).isNotNull();
        provider.deliver(MESSAGE).toCompletableFuture().join();
        assertThat(receiver.accepted()).as("the last good url still serves").hasSize(1);

        Map<String, Object> fixed = TestConfig.of("http://127.0.0.1:" + WebhookCodeDeliveryTest.freePort() + "/otp")
                .properties();
        provider.modified(fixed);
        assertThat(provider.refused()).isEmpty();
        assertThat(provider.serving()).isNull();
        OtpProviderException e = failure(provider);
        assertThat(e.reason()).as("the fixed file applies: the next call goes to the new url (nobody there)")
                .isEqualTo(Reason.UNAVAILABLE);
    }

    @Test
    void aBadSecretOrAUrlWithACredentialIsNeverShown() {
        Map<String, Object> properties = TestConfig.of("ftp://user:pa55@gateway.example/otp?token=t0ps3cret")
                .properties();
        properties.put(".secret", "whsec_not-base64-hunter2");

        WebhookCodeDelivery provider = provider(properties);

        String shown = provider.refused().stream().map(ConfigProblem::describe).toList().toString();
        assertThat(shown).contains("url = 'ftp://****@gateway.example/otp?****' refused")
                .contains(".secret = '********' refused: whsec_ followed by the base64 of 24 to 64 random bytes")
                .doesNotContain("pa55").doesNotContain("t0ps3cret").doesNotContain("hunter2");
        OtpProviderException e = failure(provider);
        assertThat(e.reason()).as("no good url yet: MISCONFIGURED, naming the refusal").isEqualTo(Reason.MISCONFIGURED);
        assertThat(e.getMessage()).contains("url = 'ftp://****@gateway.example/otp?****' refused")
                .doesNotContain("pa55").doesNotContain("t0ps3cret").doesNotContain("hunter2");
        assertThat(receiver.requests()).isZero();
    }

    @Test
    void anEmptyUrlAndSecretAreNotConfiguredRatherThanRefused() {
        WebhookCodeDelivery provider = provider(new TestConfig("", "", 2000, 5000, 2, false, 65536).properties());
        assertThat(provider.refused()).isEmpty();
        assertThat(failure(provider).getMessage()).contains("url is not set (NERAVA_OTP_WEBHOOK_URL)");
    }

    @Test
    void eachRefusalIsAuditedOnceWhenTheTrailComes() throws InterruptedException {
        Map<String, Object> properties = config().properties();
        properties.put("readTimeoutMs", "0");
        WebhookCodeDelivery provider = provider(properties);
        RecordingAuditTrail trail = new RecordingAuditTrail(Clock.systemUTC());

        provider.bindAudit(trail);

        List<AuditEntry> entries = awaitEntries(trail);
        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo(RefusalAudit.ACTION);
            assertThat(entry.target()).isEqualTo("org.nerava.otp.webhook");
            assertThat(entry.outcome()).isEqualTo(AuditOutcome.FAILURE);
            assertThat(entry.detail()).startsWith("readTimeoutMs = '0' refused: a whole number from 1 to 60000");
        });
    }

    private static List<AuditEntry> awaitEntries(RecordingAuditTrail trail) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (trail.entries().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        return trail.entries();
    }

    private static OtpProviderException failure(WebhookCodeDelivery provider) {
        return ProviderAnswers.failure(provider.deliver(MESSAGE));
    }
}
