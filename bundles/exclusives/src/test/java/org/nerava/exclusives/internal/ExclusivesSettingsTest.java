package org.nerava.exclusives.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ExclusivesSettingsTest {

    @Test
    void defaultsAreA150MetreRadiusAnHourLongSessionsAndNoDemoSecret() {
        ExclusivesSettings settings = ExclusivesSettings.from(ExclusivesConfigs.with(Map.of()));
        assertThat(settings.activationRadiusMeters()).isEqualTo(150);
        assertThat(settings.sessionLength()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.internalSecret()).isEmpty();
        assertThat(settings.warnings()).isEmpty();
    }

    @Test
    void valuesOutOfRangeAreRefusedWithAWarningAndReplacedByTheirDefaults() {
        ExclusivesSettings settings = ExclusivesSettings.from(ExclusivesConfigs.with(Map.of(
                "activationRadiusMeters", 0, "sessionMinutes", 5000)));
        assertThat(settings.activationRadiusMeters()).isEqualTo(150);
        assertThat(settings.sessionLength()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.warnings()).hasSize(2).anyMatch(w -> w.startsWith("activationRadiusMeters=0 refused"));
    }

    @Test
    void theSecretNeverShowsInToString() {
        ExclusivesSettings settings = ExclusivesSettings.from(ExclusivesConfigs.with(Map.of(
                "internalSecret", "hunter2-very-secret")));
        assertThat(settings.internalSecret()).isEqualTo("hunter2-very-secret");
        assertThat(settings.toString()).doesNotContain("hunter2").contains("internalSecret=(set)");
    }

    @Test
    void anUpdateWithAValueThatIsNotANumberIsRefusedAndTheLastGoodValuesKeepServing() {
        CurrentSettings current = new CurrentSettings(Map.<String, Object>of("activationRadiusMeters", "300"));
        current.modified(Map.of("activationRadiusMeters", "far", "sessionMinutes", "30"));

        assertThat(current.get().activationRadiusMeters()).isEqualTo(300);
        assertThat(current.get().sessionLength()).as("refused as a whole").isEqualTo(Duration.ofHours(1));
        assertThat(current.refused()).extracting(p -> p.describe()).containsExactly(
                "org.nerava.exclusives: activationRadiusMeters = 'far' refused: a whole number from 1 to 5000");

        current.modified(Map.of("activationRadiusMeters", "200"));
        assertThat(current.get().activationRadiusMeters()).isEqualTo(200);
        assertThat(current.refused()).isEmpty();
    }

    @Test
    void aBadFileAtBootComesUpOnTheDefaultOfTheRefusedKey() {
        CurrentSettings current = new CurrentSettings(Map.<String, Object>of("sessionMinutes", "0",
                "activationRadiusMeters", 250));
        assertThat(current.get().sessionLength()).isEqualTo(Duration.ofHours(1));
        assertThat(current.get().activationRadiusMeters()).isEqualTo(250);
        assertThat(current.serving()).startsWith("the defaults of the refused keys");
    }
}
