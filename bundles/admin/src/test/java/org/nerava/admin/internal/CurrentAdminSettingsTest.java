package org.nerava.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nerava.platform.config.ConfigProblem;

class CurrentAdminSettingsTest {

    @Test
    void anUpdateWithARefusedValueKeepsTheLastGoodValuesAndNamesPidKeyValueAndRange() {
        CurrentAdminSettings current = new CurrentAdminSettings(Map.of("failuresBeforeLock", "3",
                "trustedProxies", new String[] {"10.0.0.1", "10.0.0.1"}));
        assertThat(current.refused()).isEmpty();
        assertThat(current.get().policy().failuresBeforeLock()).isEqualTo(3);
        assertThat(current.get().trustedProxies()).containsExactly("10.0.0.1");

        current.modified(Map.of("failuresBeforeLock", "7", "sessionIdleMinutes", "thirty"));

        assertThat(current.get().policy().failuresBeforeLock()).as("the last good values serve").isEqualTo(3);
        assertThat(current.refused()).extracting(ConfigProblem::describe).containsExactly(
                "org.nerava.admin: sessionIdleMinutes = 'thirty' refused: a whole number from 1 to 1440");
        assertThat(current.serving()).startsWith("the last good values");

        current.modified(Map.of("failuresBeforeLock", "7"));
        assertThat(current.refused()).isEmpty();
        assertThat(current.get().policy().failuresBeforeLock()).isEqualTo(7);
    }

    @Test
    void aBadFileAtBootComesUpOnTheDefaultsOfTheRefusedKeys() {
        CurrentAdminSettings current = new CurrentAdminSettings(Map.of("otpDiagnoseTimeoutMs", "10",
                "sessionMaxHours", "12"));
        assertThat(current.refused()).extracting(ConfigProblem::key).containsExactly("otpDiagnoseTimeoutMs");
        assertThat(current.get().config().otpDiagnoseTimeoutMs()).isEqualTo(5000);
        assertThat(current.get().config().sessionMaxHours()).isEqualTo(12);
        assertThat(current.serving()).startsWith("the defaults of the refused keys");
    }
}
