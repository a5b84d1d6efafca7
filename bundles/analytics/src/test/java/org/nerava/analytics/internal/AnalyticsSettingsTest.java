package org.nerava.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnalyticsSettingsTest {

    private static final String KEY = "phc_settings_test_key_42";

    @Test
    void theDefaultsAreIdleForWantOfAnApiKey() {
        AnalyticsSettings settings = AnalyticsConfigs.settings(Map.of());
        assertThat(settings.active()).isFalse();
        assertThat(settings.idleReason()).isEqualTo("no API key");
        assertThat(settings.batchUri()).isNull();
        assertThat(settings.batchSize()).isEqualTo(50);
        assertThat(settings.flushInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.queueCapacity()).isEqualTo(10000);
        assertThat(settings.warnings()).isEmpty();
    }

    @Test
    void aKeyAndAHostMakeItActiveAndBatchesGoToTheBatchPath() {
        AnalyticsSettings settings = AnalyticsConfigs.settings(Map.of("apiKey", " " + KEY + " ",
                "host", "https://analytics.invalid:8443/ingest/"));
        assertThat(settings.active()).isTrue();
        assertThat(settings.apiKey()).isEqualTo(KEY);
        assertThat(settings.batchUri()).hasToString("https://analytics.invalid:8443/ingest/batch/");
    }

    @Test
    void aKeyWithoutAHostIsIdle() {
        AnalyticsSettings settings = AnalyticsConfigs.settings(Map.of("apiKey", KEY, "host", "  "));
        assertThat(settings.active()).isFalse();
        assertThat(settings.idleReason()).isEqualTo("no host");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.1", "127.0.0.1:8000", "not a url", "http://user:secret@127.0.0.1",
            "http://127.0.0.1/?q=1", "http://127.0.0.1/#top"})
    void aHostThatIsNotAPlainHttpUrlIsRefusedAndLeavesItIdle(String host) {
        AnalyticsSettings settings = AnalyticsConfigs.settings(Map.of("apiKey", KEY, "host", host));
        assertThat(settings.active()).isFalse();
        assertThat(settings.idleReason()).isEqualTo("host is not an http(s) URL");
        assertThat(settings.warnings()).singleElement().asString().contains("host=").contains("refused");
    }

    @Test
    void outOfRangeNumbersAreRefusedWithAWarningAndTheirDefaultsUsed() {
        AnalyticsSettings settings = AnalyticsConfigs.settings(Map.of("batchSize", 0, "queueCapacity", -1,
                "flushIntervalMillis", 1, "requestTimeoutMillis", 5, "connectTimeoutMillis", 0, "maxRetries", 99,
                "backoffMillis", -5));
        assertThat(settings.batchSize()).isEqualTo(50);
        assertThat(settings.queueCapacity()).isEqualTo(10000);
        assertThat(settings.flushInterval()).isEqualTo(Duration.ofMillis(5000));
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofMillis(5000));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(2000));
        assertThat(settings.maxRetries()).isEqualTo(3);
        assertThat(settings.backoff()).isEqualTo(Duration.ofMillis(1000));
        assertThat(settings.warnings()).hasSize(7).allMatch(w -> w.contains("refused"));
    }

    @Test
    void theBackoffDoublesUpToItsCap() {
        AnalyticsSettings settings = AnalyticsConfigs.settings(Map.of("backoffMillis", 100, "maxBackoffMillis", 500));
        assertThat(settings.backoffBefore(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.backoffBefore(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(settings.backoffBefore(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(settings.backoffBefore(4)).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.backoffBefore(10)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aCapBelowTheFirstBackoffIsRaisedToIt() {
        AnalyticsSettings settings = AnalyticsConfigs.settings(Map.of("backoffMillis", 100, "maxBackoffMillis", 10));
        assertThat(settings.maxBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.warnings()).singleElement().asString().contains("maxBackoffMillis");
    }

    @Test
    void theApiKeyNeverAppearsInTheirText() {
        AnalyticsSettings settings = AnalyticsConfigs.settings(Map.of("apiKey", KEY, "host", "http://127.0.0.1:9"));
        assertThat(settings.toString()).doesNotContain(KEY).contains("apiKey=(set)");
    }
}
