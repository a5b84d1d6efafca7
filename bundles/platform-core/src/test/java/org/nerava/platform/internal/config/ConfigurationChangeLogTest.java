package org.nerava.platform.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigurationChangeLogTest {

    @Test
    void aChangeNamesTheKeysAddedChangedAndRemovedInKeyOrder() {
        assertThat(ConfigurationChangeLog.describe(Map.of("provider", "console", "fallback", "", "codeLength", "6"),
                Map.of("provider", "twilio_verify", "codeLength", "6", "maxAttempts", "3")))
                .isEqualTo("fallback removed, maxAttempts=3, provider=twilio_verify");
    }

    @Test
    void theFirstChangeSeenNamesEveryKey() {
        assertThat(ConfigurationChangeLog.describe(null, Map.of("b", "2", "a", "1"))).isEqualTo("a=1, b=2");
    }

    @Test
    void privateKeysAndKeysNamedLikeSecretsAreMasked() {
        assertThat(ConfigurationChangeLog.secret(".token")).isTrue();
        assertThat(ConfigurationChangeLog.secret(".codeHmacKeys")).isTrue();
        assertThat(ConfigurationChangeLog.secret("apiKey")).isTrue();
        assertThat(ConfigurationChangeLog.secret("authToken")).isTrue();
        assertThat(ConfigurationChangeLog.secret("internalSecret")).isTrue();
        assertThat(ConfigurationChangeLog.secret("password")).isTrue();
        assertThat(ConfigurationChangeLog.secret("provider")).isFalse();
        assertThat(ConfigurationChangeLog.secret("sendsPerPhonePerHour")).isFalse();
    }
}
