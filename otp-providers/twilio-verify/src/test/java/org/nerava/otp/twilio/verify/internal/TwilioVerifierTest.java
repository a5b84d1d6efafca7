package org.nerava.otp.twilio.verify.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nerava.otp.twilio.client.testing.TestTwilioAccount.VERIFY_SID;
import static org.nerava.testing.otp.ProviderAnswers.await;
import static org.nerava.testing.otp.ProviderAnswers.failure;

import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nerava.otp.spi.Diagnosis;
import org.nerava.otp.spi.OtpCheck;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.otp.spi.OtpProviderException.Reason;
import org.nerava.otp.spi.OtpRequest;
import org.nerava.otp.twilio.client.testing.TestTwilioAccount;
import org.nerava.testing.otp.FakeTwilio;

/** twilio_verify on the real Twilio client and SDK, against a fake Twilio on loopback. */
class TwilioVerifierTest {

    private static final String PHONE = "+447700900123";
    private static final String VERIFICATIONS = "/v2/Services/" + VERIFY_SID + "/Verifications";
    private static final String CHECKS = "/v2/Services/" + VERIFY_SID + "/VerificationCheck";

    private final FakeTwilio twilio = FakeTwilio.start();
    private TestTwilioAccount account = TestTwilioAccount.open(TestTwilioAccount.configured(twilio.baseUrl()));
    private TwilioVerifier verifier = new TwilioVerifier(account);

    @AfterEach
    void close() {
        account.close();
        twilio.close();
    }

    @Test
    void startAsksTwilioToSendAnSmsInTheDriversLanguage() throws Exception {
        twilio.answer("POST", VERIFICATIONS, 201, "{\"sid\":\"VEaaaa\",\"status\":\"pending\",\"channel\":\"sms\"}");

        var receipt = await(verifier.start(new OtpRequest(PHONE, Locale.FRANCE, "req-1")));

        assertThat(receipt.reference()).isEqualTo("VEaaaa");
        assertThat(twilio.received()).singleElement().satisfies(request -> assertThat(request.form())
                .containsEntry("To", PHONE).containsEntry("Channel", "sms").containsEntry("Locale", "fr"));
    }

    @ParameterizedTest(name = "Twilio status {0} is {1}")
    @CsvSource({"approved, APPROVED", "pending, REJECTED", "expired, EXPIRED", "canceled, EXPIRED",
            "max_attempts_reached, MAX_ATTEMPTS"})
    void checkMapsTwilioStatus(String status, OtpCheck outcome) throws Exception {
        twilio.answer("POST", CHECKS, 200, "{\"sid\":\"VEaaaa\",\"status\":\"" + status + "\"}");

        assertThat(await(verifier.check(PHONE, "482913"))).isEqualTo(outcome);
        assertThat(twilio.received()).singleElement().satisfies(request -> assertThat(request.form())
                .containsEntry("To", PHONE).containsEntry("Code", "482913"));
    }

    @ParameterizedTest(name = "Twilio error {1} (HTTP {0}) on a check is {2}")
    @CsvSource({"404, 20404, EXPIRED", "429, 60202, MAX_ATTEMPTS", "400, 60200, REJECTED"})
    void checkErrorsThatAreOutcomes(int status, int code, OtpCheck outcome) throws Exception {
        twilio.error("POST", CHECKS, status, code, "error " + code);

        assertThat(await(verifier.check(PHONE, "1"))).isEqualTo(outcome);
    }

    @Test
    void checkFaultsStayFaults() {
        twilio.error("POST", CHECKS, 401, 20003, "Authenticate");

        OtpProviderException failure = failure(verifier.check(PHONE, "482913"));

        assertThat(failure.reason()).isEqualTo(Reason.MISCONFIGURED);
        assertThat(failure.providerCode()).isEqualTo("20003");
    }

    @ParameterizedTest(name = "Twilio error {1} (HTTP {0}) on a start is {2}")
    @CsvSource({"400, 60200, INVALID_PHONE", "429, 60203, RATE_LIMITED", "403, 60410, REFUSED",
            "401, 20003, MISCONFIGURED", "500, 20500, UNAVAILABLE"})
    void startErrorsAreReasons(int status, int code, Reason reason) throws Exception {
        twilio.error("POST", VERIFICATIONS, status, code, "error for " + PHONE);

        OtpProviderException failure = failure(verifier.start(new OtpRequest(PHONE, Locale.ENGLISH, "r")));

        assertThat(failure.reason()).isEqualTo(reason);
        assertThat(failure.providerCode()).isEqualTo(Integer.toString(code));
        assertThat(failure.getMessage()).doesNotContain(PHONE);
        Thread.sleep(200); // no retry may follow
        assertThat(twilio.count()).isEqualTo(1);
    }

    @Test
    void withoutAVerifyServiceItFailsAtOnceAndDiagnosesWhy() throws Exception {
        account.close();
        Map<String, Object> config = TestTwilioAccount.configured(twilio.baseUrl());
        config.put("verifyServiceSid", "");
        account = TestTwilioAccount.open(config);
        verifier = new TwilioVerifier(account);

        OtpProviderException failure = failure(verifier.start(new OtpRequest(PHONE, Locale.ENGLISH, "r")));
        Diagnosis diagnosis = await(verifier.diagnose());

        assertThat(failure.reason()).isEqualTo(Reason.MISCONFIGURED);
        assertThat(failure.getMessage()).contains("verifyServiceSid is not set (TWILIO_VERIFY_SERVICE_SID)");
        assertThat(diagnosis.healthy()).isFalse();
        assertThat(diagnosis.detail()).contains("verifyServiceSid");
        assertThat(twilio.count()).isZero();
    }

    @Test
    void diagnoseReadsTheVerifyService() throws Exception {
        twilio.answer("GET", "/2010-04-01/Accounts/.*", 200, "{\"status\":\"active\"}");
        twilio.answer("GET", "/v2/Services/" + VERIFY_SID, 200, "{\"friendly_name\":\"Nerava\",\"code_length\":6}");

        Diagnosis diagnosis = await(verifier.diagnose());

        assertThat(diagnosis.healthy()).isTrue();
        assertThat(diagnosis.detail()).contains("Verify service 'Nerava'");
    }
}
