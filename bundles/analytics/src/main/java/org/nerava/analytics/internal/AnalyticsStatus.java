package org.nerava.analytics.internal;

import java.time.Instant;

/**
 * A snapshot for the shell and {@code /readyz}. Never holds the API key.
 *
 * @param idleReason why nothing is sent (no API key, no host...), or null when active
 * @param host where batches are posted, or null while idle
 * @param queued events waiting, including the batch being sent
 * @param failing whether the last attempt to reach PostHog failed
 */
public record AnalyticsStatus(String idleReason, boolean apiKeySet, String host, int queued, int queueCapacity,
        long sent, long failed, long dropped, long retries, boolean failing, Instant lastSentAt, String lastError,
        Instant lastErrorAt) {

    public boolean active() {
        return idleReason == null;
    }
}
