package org.nerava.otp.twilio.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nerava.otp.twilio.client.internal.TwilioTestAccounts.AUTH_TOKEN;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nerava.otp.twilio.client.TwilioProduct;

class TwilioSettingsTest {

    @Test
    void emptyValuesAsFromUnsetEnvironmentVariablesAreMissing() {
        // etc/org.nerava.otp.twilio.cfg reads $[env:TWILIO_ACCOUNT_SID;default=]: unset, that is "".
        Map<String, Object> config = new HashMap<>();
        for (String key : new String[] {"accountSid", "authToken", "verifyServiceSid", "fromNumber",
                "messagingServiceSid", "apiBaseUrl"}) {
            config.put(key, "");
        }
        TwilioSettings settings = settings(config, Map.of());

        assertThat(settings.problems(TwilioProduct.VERIFY)).containsExactly(
                "accountSid is not set (TWILIO_ACCOUNT_SID)", "authToken is not set (TWILIO_AUTH_TOKEN)",
                "verifyServiceSid is not set (TWILIO_VERIFY_SERVICE_SID)");
        assertThat(settings.problems(TwilioProduct.MESSAGING)).containsExactly(
                "accountSid is not set (TWILIO_ACCOUNT_SID)", "authToken is not set (TWILIO_AUTH_TOKEN)",
                "neither fromNumber (TWILIO_FROM_NUMBER) nor messagingServiceSid (TWILIO_MESSAGING_SERVICE_SID) is set");
        assertThat(settings.apiBaseUrl).as("empty: Twilio's own API").isNull();
    }

    @Test
    void defaultsAreTwoSecondsToConnectFiveToReadAndEightThreads() {
        TwilioSettings settings = settings(TwilioTestAccounts.configured(""), Map.of());
        TwilioSettings defaults = settings(Map.of(), Map.of());

        assertThat(defaults.connectTimeout).isEqualTo(Duration.ofMillis(2000));
        assertThat(defaults.readTimeout).isEqualTo(Duration.ofMillis(5000));
        assertThat(defaults.threads).isEqualTo(8);
        assertThat(defaults.smsTemplate).isEqualTo("Your Nerava code is {code}. It expires in {minutes} minutes.");
        assertThat(settings.problems(TwilioProduct.VERIFY)).isEmpty();
        assertThat(settings.problems(TwilioProduct.MESSAGING)).isEmpty();
    }

    @Test
    void theReadTimeoutDefaultsToTwilioTimeoutSecondsFromTheEnvironment() {
        Map<String, Object> unset = new HashMap<>(TwilioTestAccounts.configured(""));
        unset.remove("readTimeoutMs");

        assertThat(settings(unset, Map.of("TWILIO_TIMEOUT_SECONDS", "3")).readTimeout).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings(unset, Map.of("TWILIO_TIMEOUT_SECONDS", " ")).readTimeout).isEqualTo(Duration.ofSeconds(5));
        TwilioSettings wrong = settings(unset, Map.of("TWILIO_TIMEOUT_SECONDS", "3s"));
        assertThat(wrong.accountProblems()).singleElement().asString().contains("TWILIO_TIMEOUT_SECONDS");
        // An explicit readTimeoutMs wins over the variable.
        unset.put("readTimeoutMs", 1500);
        assertThat(settings(unset, Map.of("TWILIO_TIMEOUT_SECONDS", "3")).readTimeout)
                .isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void wrongValuesAreProblemsNamingTheirKey() {
        Map<String, Object> config = TwilioTestAccounts.configured("ftp://127.0.0.1:1");
        config.put("accountSid", AUTH_TOKEN); // a token pasted into the wrong key
        config.put("verifyServiceSid", "VA123");
        config.put("connectTimeoutMs", 0);
        config.put("threads", 1000);
        config.put("smsTemplate", "Your code");
        config.put("messagingServiceSid", "MGxyz");

        TwilioSettings settings = settings(config, Map.of());

        assertThat(String.join("\n", settings.problems(TwilioProduct.VERIFY))).contains("accountSid is not an account SID")
                .contains("connectTimeoutMs").contains("threads").contains("apiBaseUrl").contains("verifyServiceSid")
                .doesNotContain(AUTH_TOKEN);
        assertThat(String.join("\n", settings.problems(TwilioProduct.MESSAGING))).contains("smsTemplate has no {code}")
                .contains("messagingServiceSid is not");
    }

    @Test
    void toStringNeverShowsTheToken() {
        TwilioSettings settings = settings(TwilioTestAccounts.configured("http://127.0.0.1:9"), Map.of());

        assertThat(settings.toString()).doesNotContain(AUTH_TOKEN).contains("http://127.0.0.1:9");
        try (TwilioClient client = TwilioTestAccounts.client(TwilioTestAccounts.configured("http://127.0.0.1:9"))) {
            assertThat(client.toString()).doesNotContain(AUTH_TOKEN);
        }
    }

    private static TwilioSettings settings(Map<String, ?> config, Map<String, String> env) {
        return TwilioSettings.from(TwilioTestAccounts.config(config), env);
    }
}
