package org.nerava.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nerava.platform.config.ConfigProblem;

/** PID {@code org.nerava.analytics} checked as a whole: a refused update keeps the last good settings. */
class AnalyticsConfigCheckTest {

    private final AnalyticsForwarder forwarder = new AnalyticsForwarder(
            AnalyticsSettings.from(AnalyticsConfigs.with(Map.of())), null);

    @AfterEach
    void stop() {
        forwarder.deactivate();
    }

    @Test
    void anUpdateWithARefusedValueKeepsTheLastGoodSettingsAndNamesPidKeyValueAndRange() {
        forwarder.modified(Map.of("batchSize", "20"));
        assertThat(forwarder.settings().batchSize()).isEqualTo(20);

        forwarder.modified(Map.of("batchSize", "30", "maxRetries", "lots", "host", "ftp://posthog"));

        assertThat(forwarder.settings().batchSize()).as("the last good settings serve").isEqualTo(20);
        assertThat(forwarder.refused()).extracting(ConfigProblem::describe).containsExactlyInAnyOrder(
                "org.nerava.analytics: maxRetries = 'lots' refused: a whole number from 0 to 10",
                "org.nerava.analytics: host = 'ftp://posthog' refused: http(s)://host[:port][/path] without"
                        + " credentials, query or fragment; empty: idle");
        assertThat(forwarder.serving()).startsWith("the last good values");

        forwarder.modified(Map.of("batchSize", "30"));
        assertThat(forwarder.refused()).isEmpty();
        assertThat(forwarder.settings().batchSize()).isEqualTo(30);
    }

    @Test
    void theApiKeyIsNeverShownInARefusal() {
        forwarder.modified(Map.of("apiKey", new Object[] {new Object()}, "queueCapacity", "0"));
        assertThat(forwarder.refused()).extracting(ConfigProblem::describe)
                .containsExactly("org.nerava.analytics: queueCapacity = '0' refused: a whole number from 1 to 1000000");
    }

    @Test
    void theDoctorReadsABadFileWithoutFailing() {
        assertThat(new AnalyticsDoctorCheck(Map.of("batchSize", "many")).check()).hasSize(1);
    }
}
