package org.nerava.otp.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nerava.testing.otp.ProviderAnswers.failure;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nerava.otp.spi.CodeMessage;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.otp.spi.OtpProviderException.Reason;
import org.nerava.testing.otp.SignedWebhookReceiver;

/**
 * Sign-in's circuit breaker counts only provider faults ({@link OtpProviderException#isProviderFault()}): this checks
 * that the webhook provider's failures are classified so — a receiver that is down is a fault that opens the
 * circuit, an answer about the number is not. The breaker itself is tested with auth's call guard.
 */
class WebhookFaultsTest {

    private static final CodeMessage MESSAGE =
            new CodeMessage("+14155550123", "482913", Duration.ofMinutes(5), Locale.US, "req-1");

    private SignedWebhookReceiver receiver;
    private WebhookCodeDelivery provider;

    @BeforeEach
    void setUp() {
        receiver = new SignedWebhookReceiver(TestConfig.SECRET);
        provider = new WebhookCodeDelivery(TestConfig.of(receiver.url()).properties(), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        provider.deactivate();
        receiver.close();
    }

    @Test
    void serverErrorsAreProviderFaults() {
        receiver.status(500);
        OtpProviderException failure = failure(provider.deliver(MESSAGE));
        assertThat(failure.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(failure.isProviderFault()).isTrue();
    }

    @Test
    void answersAboutTheNumberAreNotProviderFaults() {
        receiver.status(422);
        OtpProviderException failure = failure(provider.deliver(MESSAGE));
        assertThat(failure.reason()).isEqualTo(Reason.INVALID_PHONE);
        assertThat(failure.isProviderFault()).isFalse();
        assertThat(receiver.requests()).as("an answer about the number is not retried").isEqualTo(1);
    }
}
