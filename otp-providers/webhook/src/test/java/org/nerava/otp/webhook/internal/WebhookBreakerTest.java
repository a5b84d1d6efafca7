package org.nerava.otp.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nerava.auth.internal.provider.BoundProvider;
import org.nerava.auth.internal.provider.OtpProviderRegistry;
import org.nerava.auth.internal.provider.ProviderKind;
import org.nerava.otp.spi.CodeMessage;
import org.nerava.otp.spi.OtpProviderException.Reason;

/**
 * The circuit breaker is auth's, per provider id, for every provider: this checks that the webhook provider's failures
 * drive it as they should (faults open it, answers about the number do not), through auth's real registry.
 */
class WebhookBreakerTest {

    private static final CodeMessage MESSAGE =
            new CodeMessage("+14155550123", "482913", Duration.ofMinutes(5), Locale.US, "req-1");

    private SignedWebhookReceiver receiver;
    private WebhookCodeDelivery provider;
    private OtpProviderRegistry registry;
    private BoundProvider bound;

    @BeforeEach
    void setUp() throws IOException {
        receiver = new SignedWebhookReceiver(TestConfig.SECRET);
        provider = new WebhookCodeDelivery(TestConfig.of(receiver.url().toString()), Clock.systemUTC());
        registry = new OtpProviderRegistry(Clock.systemUTC(), List.of("webhook"), Duration.ofSeconds(10), 4);
        registry.configureBreakers(3, Duration.ofSeconds(30));
        bound = new BoundProvider("webhook", ProviderKind.DELIVERY, provider);
        registry.bind(bound);
    }

    @AfterEach
    void tearDown() {
        registry.close();
        provider.deactivate();
        receiver.close();
    }

    private Reason send() {
        return WebhookCodeDeliveryTest.failure(registry.call(bound, "deliver", p -> p.delivery().deliver(MESSAGE)))
                .reason();
    }

    @Test
    void serverErrorsOpenTheCircuitAndThenTheReceiverIsLeftAlone() {
        receiver.status = 500;
        for (int i = 0; i < 3; i++) {
            assertThat(send()).isEqualTo(Reason.UNAVAILABLE);
        }
        assertThat(registry.statuses()).singleElement().satisfies(s -> assertThat(s.circuit()).isEqualTo("open"));

        assertThat(send()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(receiver.requests.get()).as("the open circuit answered the fourth call itself").isEqualTo(3);
    }

    @Test
    void answersAboutTheNumberKeepTheCircuitClosed() {
        receiver.status = 422;
        for (int i = 0; i < 5; i++) {
            assertThat(send()).isEqualTo(Reason.INVALID_PHONE);
        }
        assertThat(registry.statuses()).singleElement().satisfies(s -> assertThat(s.circuit()).isEqualTo("closed"));
        assertThat(receiver.requests.get()).isEqualTo(5);
    }
}
