package org.nerava.auth.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nerava.platform.config.ConfigProblem;

/** PID {@code org.nerava.auth} checked once: a bad value is replaced by its default and reported. */
class AuthSettingsTest {

    private final Map<String, Object> config = AuthConfigs.testDefaults();

    @Test
    void aCodeLifetimeOverTenMinutesIsRefused() {
        config.put("codeTtlSeconds", 900);
        AuthSettings settings = AuthSettings.from(AuthConfigs.with(config));
        assertThat(settings.codeTtl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(settings.warnings()).anyMatch(w -> w.startsWith("codeTtlSeconds=900 refused"));
    }

    @Test
    void withoutAKeyCodesAreSignedWithAnEphemeralKeyAndTheOperatorIsWarned() {
        Map<String, Object> noKey = new HashMap<>(config);
        noKey.remove("_codeHmacKeys");
        AuthSettings settings = AuthSettings.from(AuthConfigs.with(noKey));
        assertThat(settings.ephemeralKey()).isTrue();
        assertThat(settings.warnings()).anyMatch(w -> w.contains("NERAVA_OTP_HMAC_KEYS"));
    }

    @Test
    void theProviderChainReadsCommaSeparatedIdsOnce() {
        config.put("provider", "twilio-verify");
        config.put("fallback", new String[] {"twilio-sms, console", "twilio-verify"});
        assertThat(AuthSettings.chainOf(AuthConfigs.with(config)))
                .containsExactly("twilio-verify", "twilio-sms", "console");
    }

    @Test
    void aChangedConfigurationIsWhatEveryReaderSeesNext() {
        CurrentAuthSettings current = CurrentAuthSettings.of(AuthConfigs.with(config));
        assertThat(current.get().providerChain()).containsExactly("console");
        config.put("provider", "twilio-sms");
        config.put("providerTimeoutMillis", 50);
        current.apply(AuthConfigs.with(config));
        assertThat(current.get().providerChain()).containsExactly("twilio-sms");
        assertThat(current.get().providerTimeout()).isEqualTo(Duration.ofMillis(10_000));
        assertThat(current.get().warnings()).anyMatch(w -> w.startsWith("providerTimeoutMillis=50 refused"));
    }

    @Test
    void anUpdateWithAValueThatIsNotANumberIsRefusedWholeAndTheLastGoodValuesKeepServing() {
        config.put("provider", "twilio_verify");
        config.put("codeLength", "8");
        CurrentAuthSettings current = new CurrentAuthSettings(config);
        assertThat(current.refused()).isEmpty();

        Map<String, Object> bad = new HashMap<>(config);
        bad.put("codeLength", "six");
        bad.put("provider", "twilio_sms");
        current.modified(bad);

        assertThat(current.get().codes().length()).isEqualTo(8);
        assertThat(current.get().activeProvider()).as("refused as a whole").isEqualTo("twilio_verify");
        assertThat(current.refused()).extracting(ConfigProblem::describe)
                .containsExactly("org.nerava.auth: codeLength = 'six' refused: a whole number from 4 to 10");
        assertThat(current.serving()).startsWith("the last good values (applied ");
        assertThat(current.refusedAt()).isNotNull();
    }

    @Test
    void aBadFileAtBootComesUpOnTheDefaultsOfTheRefusedKeysWithTheOthersAsGiven() {
        config.put("provider", "twilio_verify");
        config.put("codeLength", "six");
        config.put("maxAttempts", 99);
        CurrentAuthSettings current = new CurrentAuthSettings(config);

        assertThat(current.get().codes().length()).isEqualTo(6);
        assertThat(current.get().maxAttempts()).isEqualTo(5);
        assertThat(current.get().activeProvider()).isEqualTo("twilio_verify");
        assertThat(current.refused()).extracting(ConfigProblem::key).containsExactly("codeLength", "maxAttempts");
        assertThat(current.serving()).startsWith("the defaults of the refused keys");
    }

    @Test
    void fixingTheFileAppliesItAndClearsTheRefusal() {
        config.put("codeLength", "six");
        CurrentAuthSettings current = new CurrentAuthSettings(config);
        config.put("codeLength", "7");
        current.modified(config);

        assertThat(current.get().codes().length()).isEqualTo(7);
        assertThat(current.refused()).isEmpty();
        assertThat(current.serving()).isNull();
    }

    @Test
    void anUnknownRegionIsRefused() {
        config.put("defaultRegion", "XX");
        assertThat(CurrentAuthSettings.check(config).problems()).extracting(ConfigProblem::describe)
                .containsExactly("org.nerava.auth: defaultRegion = 'XX' refused: an ISO 3166 region such as US or GB");
        config.put("defaultRegion", " gb ");
        assertThat(CurrentAuthSettings.check(config).problems()).isEmpty();
    }
}
