package org.nerava.otp.twilio.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nerava.otp.twilio.client.internal.TwilioTestAccounts.AUTH_TOKEN;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nerava.otp.twilio.client.TwilioProduct;
import org.nerava.platform.audit.AuditEntry;
import org.nerava.platform.audit.AuditOutcome;
import org.nerava.platform.config.ConfigProblem;
import org.nerava.platform.config.RefusalAudit;
import org.nerava.testing.RecordingAuditTrail;

/**
 * The Twilio account's configuration heals: a value of the wrong type used to fail the account's activation (the
 * annotation's accessor threw) and both Twilio providers vanished; now it is refused, named, and the last good (or
 * default) values serve until the file is fixed.
 */
class CurrentTwilioSettingsTest {

    private static Map<String, Object> good() {
        Map<String, Object> properties = new HashMap<>(TwilioTestAccounts.configured("http://127.0.0.1:8089"));
        properties.put("threads", "4");
        return properties;
    }

    @Test
    void aGoodFileIsAppliedWhole() {
        CurrentTwilioSettings current = new CurrentTwilioSettings(Map.of());
        assertThat(current.update(good())).isTrue();
        assertThat(current.refused()).isEmpty();
        assertThat(current.serving()).isNull();
        assertThat(current.get().threads).isEqualTo(4);
        assertThat(current.get().problems(TwilioProduct.VERIFY)).isEmpty();
    }

    @Test
    void theShippedFileWithNothingFromTheEnvironmentIsNotConfiguredRatherThanRefused() {
        Map<String, Object> shipped = new HashMap<>();
        for (String key : List.of("accountSid", "authToken", "verifyServiceSid", "fromNumber", "messagingServiceSid",
                "apiBaseUrl")) {
            shipped.put(key, "");
        }
        shipped.put("smsTemplate", "Your Nerava code is {code}. It expires in {minutes} minutes.");
        shipped.put("connectTimeoutMs", "2000");
        shipped.put("readTimeoutMs", "0");
        shipped.put("threads", "8");
        shipped.put("maxResponseBytes", "1048576");

        CurrentTwilioSettings current = new CurrentTwilioSettings(Map.of());
        current.update(shipped);

        assertThat(current.refused()).isEmpty();
        assertThat(current.get().problems(TwilioProduct.VERIFY)).contains("accountSid is not set (TWILIO_ACCOUNT_SID)");
    }

    @Test
    void aBadTypeAtBootComesUpOnTheDefaultAndNamesPidKeyValueAndRange() {
        Map<String, Object> properties = good();
        properties.put("threads", "abc");
        properties.put("connectTimeoutMs", "0");

        CurrentTwilioSettings current = new CurrentTwilioSettings(Map.of());
        current.update(properties);

        assertThat(current.refused()).extracting(ConfigProblem::describe).containsExactlyInAnyOrder(
                "org.nerava.otp.twilio: threads = 'abc' refused: a whole number from 1 to 64",
                "org.nerava.otp.twilio: connectTimeoutMs = '0' refused: a whole number from 1 to 120000");
        assertThat(current.serving()).startsWith("the defaults of the refused keys");
        assertThat(current.get().threads).isEqualTo(8);
        assertThat(current.get().connectTimeout).isEqualTo(Duration.ofMillis(2000));
        assertThat(current.get().problems(TwilioProduct.VERIFY)).as("the account still works on the defaults").isEmpty();
    }

    @Test
    void aRefusedUpdateKeepsTheLastGoodSettingsAndAFixedFileApplies() {
        CurrentTwilioSettings current = new CurrentTwilioSettings(Map.of());
        current.update(good());
        TwilioSettings lastGood = current.get();

        Map<String, Object> bad = good();
        bad.put("accountSid", "AC-not-a-sid");
        bad.put("readTimeoutMs", "five seconds");
        bad.put("threads", "2");
        assertThat(current.update(bad)).as("nothing changes: the client stays").isFalse();

        assertThat(current.get()).isSameAs(lastGood);
        assertThat(current.refused()).extracting(ConfigProblem::describe).containsExactlyInAnyOrder(
                "org.nerava.otp.twilio: accountSid = 'AC-not-a-sid' refused: an account SID, AC followed by 32 hex"
                        + " digits; empty: not configured",
                "org.nerava.otp.twilio: readTimeoutMs = 'five seconds' refused: a whole number from 0 to 120000");
        assertThat(current.serving()).startsWith("the last good values (applied ");
        assertThat(current.refusedAt()).isNotNull();

        Map<String, Object> fixed = good();
        fixed.put("threads", "2");
        assertThat(current.update(fixed)).isTrue();
        assertThat(current.refused()).isEmpty();
        assertThat(current.get().threads).isEqualTo(2);
    }

    @Test
    void aRefusedSidAtBootIsWhatTheProviderSaysRatherThanNotSet() {
        Map<String, Object> properties = good();
        properties.put("verifyServiceSid", "VA123");
        properties.put("fromNumber", "+0123");
        properties.put("smsTemplate", "Your code");

        CurrentTwilioSettings current = new CurrentTwilioSettings(Map.of());
        current.update(properties);

        assertThat(current.get().problems(TwilioProduct.VERIFY)).singleElement().asString()
                .startsWith("org.nerava.otp.twilio: verifyServiceSid = 'VA123' refused: a Verify service SID");
        assertThat(current.get().problems(TwilioProduct.MESSAGING)).extracting(String::valueOf)
                .anySatisfy(p -> assertThat(p).startsWith("org.nerava.otp.twilio: fromNumber = '+0123' refused"))
                .anySatisfy(p -> assertThat(p).startsWith("org.nerava.otp.twilio: smsTemplate = 'Your code' refused"))
                .noneSatisfy(p -> assertThat(p).contains("neither fromNumber"));
    }

    @Test
    void aRefusedApiBaseUrlAtBootStopsTheAccountAndNeverShowsItsCredentialsOrTheToken() {
        Map<String, Object> properties = good();
        properties.put("apiBaseUrl", "http://admin:s3cr3tpw@127.0.0.1:8089/?key=k3y");

        CurrentTwilioSettings current = new CurrentTwilioSettings(Map.of());
        current.update(properties);

        assertThat(current.refused()).extracting(ConfigProblem::describe).containsExactly(
                "org.nerava.otp.twilio: apiBaseUrl = 'http://****@127.0.0.1:8089/?****' refused: an http(s) URL"
                        + " without user, query or fragment, e.g. http://127.0.0.1:8089; empty: Twilio's own API");
        assertThat(current.get().accountProblems()).as("never Twilio's own API from a test configuration")
                .singleElement().asString().contains("apiBaseUrl = 'http://****@127.0.0.1:8089/?****' refused");
        String everything = current.refused() + " " + current.get().problems(TwilioProduct.VERIFY) + " "
                + current.get();
        assertThat(everything).doesNotContain("s3cr3tpw").doesNotContain("k3y").doesNotContain(AUTH_TOKEN);
    }

    @Test
    void eachRefusalIsAuditedOnceWhenTheTrailComes() throws InterruptedException {
        Map<String, Object> properties = good();
        properties.put("maxResponseBytes", "10");
        CurrentTwilioSettings current = new CurrentTwilioSettings(Map.of());
        current.update(properties);
        RecordingAuditTrail trail = new RecordingAuditTrail(Clock.systemUTC());

        current.bindAudit(trail);

        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (trail.entries().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        List<AuditEntry> entries = trail.entries();
        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo(RefusalAudit.ACTION);
            assertThat(entry.target()).isEqualTo("org.nerava.otp.twilio");
            assertThat(entry.outcome()).isEqualTo(AuditOutcome.FAILURE);
            assertThat(entry.detail()).startsWith("maxResponseBytes = '10' refused: a whole number from 1024 to")
                    .doesNotContain(AUTH_TOKEN);
        });
    }
}
