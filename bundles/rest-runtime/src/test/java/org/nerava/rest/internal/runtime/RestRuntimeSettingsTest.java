package org.nerava.rest.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nerava.platform.config.ConfigProblem;
import org.nerava.platform.config.LastGoodSettings;

class RestRuntimeSettingsTest {

    @Test
    void goodValuesAsTheFileGivesThemBecomeTheSwapPolicy() {
        LastGoodSettings<ApplicationSwap.Policy> settings = new LastGoodSettings<>(RestRuntimeConfig.PID);

        LastGoodSettings.Update update = settings.update(RestRuntime.check(Map.of("drainTimeoutSeconds", "10",
                "absentRouteGraceSeconds", "0", "retryAfterSeconds", "3")), RestRuntime::policy);

        assertThat(update.applied()).isTrue();
        assertThat(settings.get()).isEqualTo(new ApplicationSwap.Policy(Duration.ofSeconds(10), Duration.ZERO, 3));
    }

    @Test
    void aBadFileAtBootServesTheDefaultsOfTheRefusedKeysAndNamesThem() {
        LastGoodSettings<ApplicationSwap.Policy> settings = new LastGoodSettings<>(RestRuntimeConfig.PID);

        LastGoodSettings.Update update = settings.update(RestRuntime.check(Map.of("drainTimeoutSeconds", "thirty",
                "absentRouteGraceSeconds", "-1", "retryAfterSeconds", "0")), RestRuntime::policy);

        assertThat(update.applied()).as("a runtime that serves, on defaults").isTrue();
        assertThat(settings.get()).isEqualTo(ApplicationSwap.Policy.DEFAULT);
        assertThat(update.refused()).extracting(ConfigProblem::key)
                .containsExactly("drainTimeoutSeconds", "absentRouteGraceSeconds", "retryAfterSeconds");
        assertThat(settings.refused().get(0).describe()).contains("org.nerava.rest", "drainTimeoutSeconds", "thirty");
    }

    @Test
    void aBadUpdateIsRefusedWholeAndTheLastGoodPolicyKeepsServingUntilTheFileIsFixed() {
        LastGoodSettings<ApplicationSwap.Policy> settings = new LastGoodSettings<>(RestRuntimeConfig.PID);
        settings.update(RestRuntime.check(Map.of("drainTimeoutSeconds", "10")), RestRuntime::policy);

        LastGoodSettings.Update refused = settings.update(RestRuntime.check(Map.of("drainTimeoutSeconds", "5",
                "retryAfterSeconds", "soon")), RestRuntime::policy);

        assertThat(refused.applied()).isFalse();
        assertThat(settings.get().drainTimeout()).as("the good key of a refused update is not applied either")
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.refused()).extracting(ConfigProblem::key).containsExactly("retryAfterSeconds");

        LastGoodSettings.Update fixed = settings.update(RestRuntime.check(Map.of("drainTimeoutSeconds", "5")),
                RestRuntime::policy);

        assertThat(fixed.recovered()).isTrue();
        assertThat(settings.get().drainTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.refused()).isEmpty();
    }
}
