package org.nerava.otp.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nerava.testing.otp.ProviderAnswers.failure;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.otp.spi.OtpProviderException.Reason;

/**
 * Sign-in's circuit breaker counts only provider faults ({@link OtpProviderException#isProviderFault()}): this checks
 * that the webhook provider's failures are classified so — a receiver that is down is a fault that opens the
 * circuit, an answer about the number is not. The breaker itself is tested with auth's call guard.
 */
class WebhookFaultsTest extends WebhookTestBench {

    private WebhookCodeDelivery provider;

    @BeforeEach
    void setUp() {
        provider = provider(config());
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
