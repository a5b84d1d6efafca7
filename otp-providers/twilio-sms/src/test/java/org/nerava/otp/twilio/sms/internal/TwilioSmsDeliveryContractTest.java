package org.nerava.otp.twilio.sms.internal;

import java.util.IdentityHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.nerava.otp.testkit.CodeDeliveryContract;
import org.nerava.otp.twilio.client.testing.TestTwilioAccount;
import org.nerava.testing.otp.FakeTwilio;

/**
 * twilio_sms under the provider contract, on the real Twilio client and SDK: a fake Twilio on loopback that answers
 * like Twilio, one that answers 500 to everything, and one that never answers. Deactivating the provider is
 * deactivating what it runs on too: the account component and its client's threads.
 */
class TwilioSmsDeliveryContractTest extends CodeDeliveryContract<TwilioSmsDelivery> {

    private final FakeTwilio twilio = FakeTwilio.likeTwilio();
    private final FakeTwilio failingTwilio = FakeTwilio.likeTwilio();
    private final FakeTwilio hangingTwilio = FakeTwilio.likeTwilio();
    private final Map<TwilioSmsDelivery, TestTwilioAccount> accounts = new IdentityHashMap<>();

    TwilioSmsDeliveryContractTest() {
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
    protected TwilioSmsDelivery activate() {
        return on(twilio);
    }

    @Override
    protected TwilioSmsDelivery activateFailing() {
        return on(failingTwilio);
    }

    @Override
    protected TwilioSmsDelivery activateHanging() {
        return on(hangingTwilio);
    }

    @Override
    protected void deactivate(TwilioSmsDelivery provider) {
        accounts.remove(provider).close();
    }

    @Override
    protected int sentSoFar() {
        return twilio.received("/Messages.json").size() + failingTwilio.received("/Messages.json").size()
                + hangingTwilio.received("/Messages.json").size();
    }

    @Override
    protected boolean isTestInfrastructure(Thread thread) {
        return thread.getName().startsWith("fake-twilio");
    }

    private TwilioSmsDelivery on(FakeTwilio fake) {
        TestTwilioAccount account = TestTwilioAccount.open(TestTwilioAccount.configured(fake.baseUrl()));
        TwilioSmsDelivery provider = new TwilioSmsDelivery(account);
        accounts.put(provider, account);
        return provider;
    }
}
