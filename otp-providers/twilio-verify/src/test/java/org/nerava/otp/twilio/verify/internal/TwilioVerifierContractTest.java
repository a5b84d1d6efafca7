package org.nerava.otp.twilio.verify.internal;

import java.util.IdentityHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.nerava.otp.testkit.OtpVerifierContract;
import org.nerava.otp.twilio.client.testing.TestTwilioAccount;
import org.nerava.testing.otp.FakeTwilio;

/**
 * twilio_verify under the provider contract, on the real Twilio client and SDK: a fake Twilio on loopback that answers
 * like Twilio, one that answers 500 to everything, and one that never answers. Deactivating the provider is
 * deactivating what it runs on too: the account component and its client's threads.
 */
class TwilioVerifierContractTest extends OtpVerifierContract<TwilioVerifier> {

    private final FakeTwilio twilio = FakeTwilio.likeTwilio();
    private final FakeTwilio failingTwilio = FakeTwilio.likeTwilio();
    private final FakeTwilio hangingTwilio = FakeTwilio.likeTwilio();
    private final Map<TwilioVerifier, TestTwilioAccount> accounts = new IdentityHashMap<>();

    TwilioVerifierContractTest() {
        failingTwilio.mode(FakeTwilio.Mode.SERVER_ERROR);
        hangingTwilio.mode(FakeTwilio.Mode.HANG);
    }

    @AfterEach
    void stop() {
        accounts.values().forEach(TestTwilioAccount::close);
        twilio.close();
        failingTwilio.close();
        hangingTwilio.close();
    }

    @Override
    protected TwilioVerifier activate() {
        return on(twilio);
    }

    @Override
    protected TwilioVerifier activateFailing() {
        return on(failingTwilio);
    }

    @Override
    protected TwilioVerifier activateHanging() {
        return on(hangingTwilio);
    }

    @Override
    protected void deactivate(TwilioVerifier provider) {
        accounts.remove(provider).close();
    }

    @Override
    protected int sentSoFar() {
        return twilio.received("/Verifications").size() + failingTwilio.received("/Verifications").size()
                + hangingTwilio.received("/Verifications").size();
    }

    @Override
    protected boolean isTestInfrastructure(Thread thread) {
        return thread.getName().startsWith("fake-twilio");
    }

    private TwilioVerifier on(FakeTwilio fake) {
        TestTwilioAccount account = TestTwilioAccount.open(TestTwilioAccount.configured(fake.baseUrl()));
        TwilioVerifier provider = new TwilioVerifier(account);
        accounts.put(provider, account);
        return provider;
    }
}
