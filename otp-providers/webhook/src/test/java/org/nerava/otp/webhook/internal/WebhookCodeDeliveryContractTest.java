package org.nerava.otp.webhook.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.nerava.otp.testkit.CodeDeliveryContract;
import org.nerava.testing.BlackholePort;
import org.nerava.testing.otp.SignedWebhookReceiver;

/**
 * The webhook provider under the provider contract: a receiver on loopback that verifies every signature, one that
 * answers 503, and a port where connecting hangs.
 */
class WebhookCodeDeliveryContractTest extends CodeDeliveryContract<WebhookCodeDelivery> {

    private final SignedWebhookReceiver receiver = new SignedWebhookReceiver(TestConfig.SECRET);
    private final SignedWebhookReceiver failingReceiver = new SignedWebhookReceiver(TestConfig.SECRET);
    private final BlackholePort blackhole = new BlackholePort();
    private final List<WebhookCodeDelivery> active = new ArrayList<>();

    WebhookCodeDeliveryContractTest() throws IOException {
        failingReceiver.status(503);
    }

    @AfterEach
    void stop() throws IOException {
        active.forEach(WebhookCodeDelivery::deactivate);
        receiver.close();
        failingReceiver.close();
        blackhole.close();
    }

    @Override
    protected WebhookCodeDelivery activate() {
        return started(TestConfig.of(receiver.url()));
    }

    @Override
    protected WebhookCodeDelivery activateFailing() {
        return started(TestConfig.of(failingReceiver.url()));
    }

    @Override
    protected WebhookCodeDelivery activateHanging() {
        return started(TestConfig.of(blackhole.baseUrl() + "/otp"));
    }

    @Override
    protected void deactivate(WebhookCodeDelivery provider) {
        provider.deactivate();
        active.remove(provider);
    }

    @Override
    protected int sentSoFar() {
        return receiver.codes(phone()).size() + failingReceiver.codes(phone()).size();
    }

    @Override
    protected boolean isTestInfrastructure(Thread thread) {
        return thread.getName().startsWith("webhook-receiver");
    }

    private WebhookCodeDelivery started(TestConfig config) {
        WebhookCodeDelivery provider = new WebhookCodeDelivery(config.properties(), Clock.systemUTC());
        active.add(provider);
        return provider;
    }
}
