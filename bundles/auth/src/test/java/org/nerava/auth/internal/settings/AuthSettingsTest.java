package org.nerava.auth.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

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
        CurrentAuthSettings current = new CurrentAuthSettings(AuthConfigs.with(config));
        assertThat(current.get().providerChain()).containsExactly("console");
        config.put("provider", "twilio-sms");
        config.put("providerTimeoutMillis", 50);
        current.apply(AuthConfigs.with(config));
        assertThat(current.get().providerChain()).containsExactly("twilio-sms");
        assertThat(current.get().providerTimeout()).isEqualTo(Duration.ofMillis(10_000));
        assertThat(current.get().warnings()).anyMatch(w -> w.startsWith("providerTimeoutMillis=50 refused"));
    }
}
