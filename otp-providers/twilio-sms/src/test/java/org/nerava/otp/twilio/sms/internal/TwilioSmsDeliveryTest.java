package org.nerava.otp.twilio.sms.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nerava.otp.twilio.client.testing.TestTwilioAccount.ACCOUNT_SID;
import static org.nerava.otp.twilio.client.testing.TestTwilioAccount.FROM;
import static org.nerava.testing.otp.ProviderAnswers.await;
import static org.nerava.testing.otp.ProviderAnswers.failure;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nerava.otp.spi.CodeMessage;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.otp.spi.OtpProviderException.Reason;
import org.nerava.otp.twilio.client.testing.TestTwilioAccount;
import org.nerava.testing.otp.FakeTwilio;

/** twilio_sms on the real Twilio client and SDK, against a fake Twilio on loopback. */
class TwilioSmsDeliveryTest {

    private static final String PHONE = "+4915112345678";
    private static final String MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";

    private final FakeTwilio twilio = FakeTwilio.start();
    private TestTwilioAccount account;

    @AfterEach
    void close() {
        if (account != null) {
            account.close();
        }
        twilio.close();
    }

    @Test
    void deliversTheRenderedTextFromTheConfiguredNumber() throws Exception {
        twilio.answer("POST", MESSAGES, 201, "{\"sid\":\"SMbbbb\",\"status\":\"queued\"}");

        var receipt = await(delivery(Map.of()).deliver(message("482913", Duration.ofMinutes(5))));

        assertThat(receipt.reference()).isEqualTo("SMbbbb");
        assertThat(twilio.received()).singleElement().satisfies(request -> {
            assertThat(request.path()).isEqualTo(MESSAGES);
            assertThat(request.form()).containsEntry("To", PHONE).containsEntry("From", FROM)
                    .containsEntry("Body", "Your Nerava code is 482913. It expires in 5 minutes.");
        });
    }

    @Test
    void theTemplateIsConfigurableAndMinutesRoundUp() throws Exception {
        twilio.answer("POST", MESSAGES, 201, "{\"sid\":\"SM1\",\"status\":\"accepted\"}");

        await(delivery(Map.of("smsTemplate", "{code} is your Nerava code ({minutes} min)"))
                .deliver(message("111222", Duration.ofSeconds(90))));

        assertThat(twilio.received().get(0).form()).containsEntry("Body", "111222 is your Nerava code (2 min)");
    }

    @Test
    void withoutASenderItFailsAtOnceNamingTheKeysAndSendsNothing() throws Exception {
        TwilioSmsDelivery delivery = delivery(Map.of("fromNumber", ""));

        OtpProviderException failure = failure(delivery.deliver(message("482913", Duration.ofMinutes(5))));

        assertThat(failure.reason()).isEqualTo(Reason.MISCONFIGURED);
        assertThat(failure.getMessage()).contains("fromNumber").contains("messagingServiceSid")
                .doesNotContain("482913");
        assertThat(await(delivery.diagnose()).healthy()).isFalse();
        assertThat(twilio.count()).isZero();
    }

    @ParameterizedTest(name = "Twilio error {1} (HTTP {0}) is {2}")
    @CsvSource({"400, 21408, REFUSED", "400, 21211, INVALID_PHONE", "400, 21614, INVALID_PHONE",
            "401, 20003, MISCONFIGURED", "429, 20429, RATE_LIMITED", "500, 20500, UNAVAILABLE"})
    void twilioErrorsAreReasons(int status, int code, Reason reason) throws Exception {
        twilio.error("POST", MESSAGES, status, code, "The 'To' number " + PHONE + " is not valid");

        OtpProviderException failure = failure(delivery(Map.of()).deliver(message("482913", Duration.ofMinutes(5))));

        assertThat(failure.reason()).isEqualTo(reason);
        assertThat(failure.providerCode()).isEqualTo(Integer.toString(code));
        assertThat(failure.getMessage()).doesNotContain(PHONE).doesNotContain("482913");
        Thread.sleep(200); // no retry may follow
        assertThat(twilio.count()).isEqualTo(1);
    }

    @Test
    void renderUsesWholeMinutesAndAtLeastOne() {
        assertThat(TwilioSmsDelivery.render("{code}/{minutes}", "1", Duration.ofSeconds(10))).isEqualTo("1/1");
        assertThat(TwilioSmsDelivery.render("{code}/{minutes}", "1", Duration.ofSeconds(600))).isEqualTo("1/10");
        assertThat(TwilioSmsDelivery.render("{code}/{minutes}", "1", Duration.ofSeconds(601))).isEqualTo("1/11");
    }

    private TwilioSmsDelivery delivery(Map<String, Object> overrides) {
        Map<String, Object> config = TestTwilioAccount.configured(twilio.baseUrl());
        config.putAll(overrides);
        account = TestTwilioAccount.open(config);
        return new TwilioSmsDelivery(account);
    }

    private static CodeMessage message(String code, Duration validFor) {
        return new CodeMessage(PHONE, code, validFor, Locale.GERMANY, "req-1");
    }
}
