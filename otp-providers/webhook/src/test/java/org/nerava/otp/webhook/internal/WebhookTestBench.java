package org.nerava.otp.webhook.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.nerava.otp.spi.CodeMessage;
import org.nerava.testing.otp.SignedWebhookReceiver;

/**
 * What the webhook provider's tests run against: a receiver on a loopback port that verifies every request as a third
 * party would, and the providers a test starts, each deactivated after it so that no provider's pool outlives its test.
 */
abstract class WebhookTestBench {

    static final CodeMessage MESSAGE =
            new CodeMessage("+14155550123", "482913", Duration.ofMinutes(5), Locale.US, "req-1");

    SignedWebhookReceiver receiver;
    private final List<WebhookCodeDelivery> providers = new ArrayList<>();

    @BeforeEach
    void startReceiver() {
        receiver = new SignedWebhookReceiver(TestConfig.SECRET);
    }

    @AfterEach
    void stopBench() {
        providers.forEach(WebhookCodeDelivery::deactivate);
        receiver.close();
    }

    /** A configuration that reaches the receiver with the secret it verifies with. */
    TestConfig config() {
        return TestConfig.of(receiver.url());
    }

    WebhookCodeDelivery provider(TestConfig config) {
        return provider(config.properties(), Clock.systemUTC());
    }

    WebhookCodeDelivery provider(TestConfig config, Clock clock) {
        return provider(config.properties(), clock);
    }

    /** A provider activated with {@code properties} as Config Admin would hand them over. */
    WebhookCodeDelivery provider(Map<String, ?> properties) {
        return provider(properties, Clock.systemUTC());
    }

    private WebhookCodeDelivery provider(Map<String, ?> properties, Clock clock) {
        WebhookCodeDelivery provider = new WebhookCodeDelivery(properties, clock);
        providers.add(provider);
        return provider;
    }
}
