package org.nerava.otp.twilio.client.testing;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.nerava.otp.spi.Diagnosis;
import org.nerava.otp.twilio.client.TwilioAccount;
import org.nerava.otp.twilio.client.TwilioMessage;
import org.nerava.otp.twilio.client.TwilioProduct;
import org.nerava.otp.twilio.client.TwilioVerification;
import org.nerava.otp.twilio.client.internal.TwilioClient;
import org.nerava.otp.twilio.client.internal.TwilioTestAccounts;

/**
 * The real {@link TwilioAccount} of this bundle for the Twilio providers' unit tests, configured from a map as
 * Configuration Admin would and usually pointed at a fake Twilio: the providers' tests see only the exported API and
 * this test-support class, never the client's internals.
 */
public final class TestTwilioAccount implements TwilioAccount, AutoCloseable {

    public static final String ACCOUNT_SID = TwilioTestAccounts.ACCOUNT_SID;
    public static final String VERIFY_SID = TwilioTestAccounts.VERIFY_SID;
    public static final String FROM = TwilioTestAccounts.FROM;

    private final TwilioClient client;

    private TestTwilioAccount(TwilioClient client) {
        this.client = client;
    }

    /** A fully configured account (Verify, and Messaging from a number) pointed at {@code baseUrl}, to adjust. */
    public static Map<String, Object> configured(String baseUrl) {
        return TwilioTestAccounts.configured(baseUrl);
    }

    /** @param config keys of PID {@value TwilioAccount#PID}; missing ones take their defaults */
    public static TestTwilioAccount open(Map<String, ?> config) {
        return new TestTwilioAccount(TwilioTestAccounts.client(config));
    }

    @Override
    public List<String> configurationProblems(TwilioProduct product) {
        return client.configurationProblems(product);
    }

    @Override
    public String smsTemplate() {
        return client.smsTemplate();
    }

    @Override
    public CompletionStage<TwilioVerification> verifyStart(String phoneE164, String channel, Locale locale) {
        return client.verifyStart(phoneE164, channel, locale);
    }

    @Override
    public CompletionStage<String> verifyCheck(String phoneE164, String code) {
        return client.verifyCheck(phoneE164, code);
    }

    @Override
    public CompletionStage<TwilioMessage> sendMessage(String toE164, String body) {
        return client.sendMessage(toE164, body);
    }

    @Override
    public CompletionStage<Diagnosis> diagnose(TwilioProduct product) {
        return client.diagnose(product);
    }

    @Override
    public void close() {
        client.close();
    }
}
