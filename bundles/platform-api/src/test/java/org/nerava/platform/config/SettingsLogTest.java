package org.nerava.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SettingsLogTest {

    @interface Limits {
        int perHour() default 5;
    }

    private final List<String> info = new ArrayList<>();
    private final List<String> warn = new ArrayList<>();
    private final SettingsLog log = new SettingsLog("org.nerava.sample", "the sample keeps", info::add, warn::add);
    private final LastGoodSettings<Integer> settings = new LastGoodSettings<>("org.nerava.sample");

    private LastGoodSettings.Update offer(Object perHour) {
        return settings.update(ConfigCheck.of("org.nerava.sample", Limits.class, Map.of("perHour", perHour))
                .atLeast("perHour", 1), Limits::perHour);
    }

    @Test
    void aGoodUpdateThatEndsNoRefusalIsNotLogged() {
        log.updated(offer("7"));

        assertThat(info).isEmpty();
        assertThat(warn).isEmpty();
    }

    @Test
    void eachRefusedValueIsOneWarningNamingWhatKeepsServingAndTheFixIsOneInfo() {
        offer("7");
        log.updated(offer("0"));

        assertThat(warn).singleElement().asString()
                .startsWith("org.nerava.sample: perHour = '0' refused: ")
                .contains("; the sample keeps the last good values (applied ")
                .endsWith(" until the file is fixed");
        assertThat(info).isEmpty();

        log.updated(offer("8"));
        assertThat(info).containsExactly(
                "org.nerava.sample: configuration applied; the values refused before are no longer in it");
    }

    @Test
    void warningsAndAFailedAuditNameThePid() {
        log.warnings(List.of("allowedCountries lists XX, which is no region"));
        log.notAudited("java.lang.IllegalStateException: no database");

        assertThat(warn).containsExactly("org.nerava.sample: allowedCountries lists XX, which is no region",
                "org.nerava.sample: the refusal could not be audited: java.lang.IllegalStateException: no database");
    }
}
