package org.nerava.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BundleMetersTest {

    private final MetricsRegistry registry = new MetricsRegistry();

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void recordedMetersAppearInThePrometheusTextWithTheirTags() {
        BundleMeters meters = new BundleMeters(registry);
        meters.count("nerava.otp.starts", "starts", "provider", "console", "outcome", "sent");
        meters.count("nerava.otp.starts", "starts", "provider", "console", "outcome", "sent");
        meters.time("nerava.otp.provider.calls", "calls", Duration.ofMillis(30), "provider", "console");
        AtomicInteger depth = new AtomicInteger(7);
        meters.gauge("nerava.analytics.queue.depth", "depth", depth::get);
        meters.total("nerava.analytics.events.sent", "sent", () -> 42);

        String text = registry.scrape();
        assertThat(text).contains("nerava_otp_starts_total{outcome=\"sent\",provider=\"console\"} 2.0");
        assertThat(text).contains("nerava_otp_provider_calls_seconds_bucket{provider=\"console\",le=\"0.05\"} 1");
        assertThat(text).contains("nerava_otp_provider_calls_seconds_count{provider=\"console\"} 1");
        assertThat(text).contains("nerava_analytics_queue_depth 7.0");
        assertThat(text).contains("nerava_analytics_events_sent_total 42.0");
        depth.set(3);
        assertThat(registry.scrape()).contains("nerava_analytics_queue_depth 3.0");
    }

    @Test
    void aBundlesMetersLeaveWhenItReleasesTheServiceAndOthersStay() {
        BundleMeters auth = new BundleMeters(registry);
        BundleMeters analytics = new BundleMeters(registry);
        auth.count("nerava.otp.starts", "starts", "provider", "console", "outcome", "sent");
        analytics.gauge("nerava.analytics.queue.depth", "depth", () -> 1);

        auth.close();

        String text = registry.scrape();
        assertThat(text).doesNotContain("nerava_otp_starts_total");
        assertThat(text).contains("nerava_analytics_queue_depth");
        // Recording after release is harmless and publishes nothing.
        auth.count("nerava.otp.starts", "starts", "provider", "console", "outcome", "sent");
        assertThat(registry.scrape()).doesNotContain("nerava_otp_starts_total");
    }

    @Test
    void malformedCallsAreIgnoredNotThrown() {
        BundleMeters meters = new BundleMeters(registry);
        meters.count("Bad Name", "x");
        meters.count("nerava.odd.tags", "x", "only-a-key");
        meters.count("nerava.tags.keys", "x", "a", "1");
        meters.count("nerava.tags.keys", "x", "b", "2"); // other tag keys for the same name: refused by Prometheus
        meters.gauge("nerava.null.gauge", "x", null);
        assertThat(registry.scrape()).doesNotContain("Bad").doesNotContain("nerava_odd_tags");
    }

    @Test
    void jvmMetersArePublished() {
        assertThat(registry.scrape()).contains("jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads",
                "process_uptime_seconds");
    }
}
