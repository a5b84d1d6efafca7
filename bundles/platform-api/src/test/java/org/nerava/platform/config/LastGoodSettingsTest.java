package org.nerava.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class LastGoodSettingsTest {

    @interface Limits {
        int perHour() default 5;

        String name() default "default";
    }

    private final LastGoodSettings<String> settings = new LastGoodSettings<>("org.nerava.sample");

    private LastGoodSettings.Update offer(Map<String, ?> properties) {
        return settings.update(ConfigCheck.of("org.nerava.sample", Limits.class, properties).atLeast("perHour", 1),
                limits -> limits.name() + "/" + limits.perHour());
    }

    @Test
    void aGoodUpdateIsAppliedWhole() {
        LastGoodSettings.Update update = offer(Map.of("perHour", "7", "name", "a"));
        assertThat(update.applied()).isTrue();
        assertThat(settings.get()).isEqualTo("a/7");
        assertThat(settings.refused()).isEmpty();
        assertThat(settings.serving()).isNull();
    }

    @Test
    void aBadUpdateIsRefusedWholeAndTheLastGoodSettingsServe() {
        offer(Map.of("perHour", "7", "name", "a"));
        LastGoodSettings.Update update = offer(Map.of("perHour", "seven", "name", "b"));

        assertThat(update.applied()).isFalse();
        assertThat(settings.get()).isEqualTo("a/7");
        assertThat(settings.refused()).extracting(ConfigProblem::key).containsExactly("perHour");
        assertThat(settings.serving()).startsWith("the last good values (applied ");
        assertThat(settings.refusedAt()).isNotNull();
    }

    @Test
    void aBadConfigurationBeforeAnyGoodOneServesTheDefaultsOfTheRefusedKeys() {
        LastGoodSettings.Update update = offer(Map.of("perHour", "0", "name", "b"));
        assertThat(update.applied()).isTrue();
        assertThat(settings.get()).isEqualTo("b/5");
        assertThat(update.serving()).startsWith("the defaults of the refused keys");
    }

    @Test
    void theFixedConfigurationIsAppliedAndSaysItRecovered() {
        offer(Map.of("perHour", "0"));
        LastGoodSettings.Update update = offer(Map.of("perHour", "9"));
        assertThat(update.recovered()).isTrue();
        assertThat(settings.get()).isEqualTo("default/9");
        assertThat(settings.refused()).isEmpty();
    }
}
