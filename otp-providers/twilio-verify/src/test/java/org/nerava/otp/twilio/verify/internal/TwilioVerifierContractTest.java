package org.nerava.otp.twilio.verify.internal;

import org.junit.jupiter.api.AfterEach;
import org.nerava.otp.testkit.OtpVerifierContract;
import org.nerava.otp.twilio.client.testing.ContractTwilios;

/**
 * twilio_verify under the provider contract, on the real Twilio client and SDK: a fake Twilio on loopback that answers
 * like Twilio, one that answers 500 to everything, and one that never answers. Deactivating the provider is
 * deactivating what it runs on too: the account component and its client's threads.
 */
class TwilioVerifierContractTest extends OtpVerifierContract<TwilioVerifier> {

    private final ContractTwilios<TwilioVerifier> twilios = new ContractTwilios<>(TwilioVerifier::new);

    @AfterEach
    void stop() {
        twilios.close();
    }

    @Override
    protected TwilioVerifier activate() {
        return twilios.answering();
    }

    @Override
    protected TwilioVerifier activateFailing() {
        return twilios.failing();
    }

    @Override
    protected TwilioVerifier activateHanging() {
        return twilios.hanging();
    }

    @Override
    protected void deactivate(TwilioVerifier provider) {
        twilios.deactivate(provider);
    }

    @Override
    protected int sentSoFar() {
        return twilios.received("/Verifications");
    }

    @Override
    protected boolean isTestInfrastructure(Thread thread) {
        return ContractTwilios.isFake(thread);
    }
}
