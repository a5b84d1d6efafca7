package org.nerava.analytics.internal.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nerava.analytics.internal.AnalyticsConfigs;
import org.nerava.analytics.internal.AnalyticsSettings;
import org.nerava.analytics.internal.AnalyticsStatus;

class AnalyticsCommandTest {

    private static final String KEY = "phc_command_test_key_99";

    @Test
    void showsStateHostCountersAndTheLastErrorButNeverTheKey() {
        AnalyticsSettings settings = AnalyticsConfigs.settings(Map.of("apiKey", KEY, "host", "http://127.0.0.1:9"));
        AnalyticsStatus status = new AnalyticsStatus(null, true, "http://127.0.0.1:9/batch/", 3, 10000, 12, 2, 1, 4,
                true, Instant.parse("2026-11-28T10:00:00Z"), "PostHog answered 503 (4 attempts)",
                Instant.parse("2026-11-28T10:01:00Z"));
        String out = print(status, settings);
        assertThat(out).contains("State      : active").contains("Host       : http://127.0.0.1:9/batch/")
                .contains("API key    : set (not shown)").contains("Queued     : 3 of 10000")
                .contains("Sent       : 12").contains("Failed     : 2").contains("Dropped    : 1")
                .contains("Retries    : 4")
                .contains("Last error : 2026-11-28T10:01:00Z PostHog answered 503 (4 attempts)")
                .contains("batchSize=50").doesNotContain(KEY);
    }

    @Test
    void idleSaysWhy() {
        AnalyticsSettings settings = AnalyticsConfigs.settings(Map.of());
        AnalyticsStatus status = new AnalyticsStatus("no API key", false, null, 0, 10000, 0, 0, 0, 0, false, null,
                null, null);
        assertThat(print(status, settings)).contains("State      : idle: no API key").contains("API key    : not set")
                .contains("Last error : -");
    }

    private static String print(AnalyticsStatus status, AnalyticsSettings settings) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AnalyticsCommand.print(status, settings, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
