package org.nerava.otp.twilio.sms.internal;

import org.junit.jupiter.api.AfterEach;
import org.nerava.otp.testkit.CodeDeliveryContract;
import org.nerava.otp.twilio.client.testing.ContractTwilios;

/**
 * twilio_sms under the provider contract, on the real Twilio client and SDK: a fake Twilio on loopback that answers
 * like Twilio, one that answers 500 to everything, and one that never answers. Deactivating the provider is
 * deactivating what it runs on too: the account component and its client's threads.
 */
class TwilioSmsDeliveryContractTest extends CodeDeliveryContract<TwilioSmsDelivery> {

    private final ContractTwilios<TwilioSmsDelivery> twilios = new ContractTwilios<>(TwilioSmsDelivery::new);

    @AfterEach
    void stop() {
        twilios.close();
    }

    @Override
    protected TwilioSmsDelivery activate() {
        return twilios.answering();
    }

    @Override
    protected TwilioSmsDelivery activateFailing() {
        return twilios.failing();
    }

    @Override
    protected TwilioSmsDelivery activateHanging() {
        return twilios.hanging();
    }

    @Override
    protected void deactivate(TwilioSmsDelivery provider) {
        twilios.deactivate(provider);
    }

    @Override
    protected int sentSoFar() {
        return twilios.received("/Messages.json");
    }

    @Override
    protected boolean isTestInfrastructure(Thread thread) {
        return ContractTwilios.isFake(thread);
    }
}
