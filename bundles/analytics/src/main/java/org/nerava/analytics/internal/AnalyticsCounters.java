package org.nerava.analytics.internal;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What became of the events, in memory, since the analytics bundle started (configuration changes keep them).
 * {@code dropped} is counted on event delivery threads, everything else on the sender thread.
 */
final class AnalyticsCounters {

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final LongAdder dropped = new LongAdder();
    private volatile boolean failing;
    private volatile Instant lastSentAt;
    /** The text and time of the last failure, together so that readers never see one without the other. */
    private volatile LastError lastError;

    private record LastError(String text, Instant at) {
    }

    /** PostHog took {@code events}. Returns whether the previous attempt had failed (PostHog is back). */
    boolean sent(int events) {
        sent.addAndGet(events);
        lastSentAt = Instant.now();
        boolean recovered = failing;
        failing = false;
        return recovered;
    }

    /** {@code events} will never be sent: PostHog refused them, or every try failed. */
    void failed(int events, String error) {
        failed.addAndGet(events);
        error(error);
    }

    /** One attempt failed and will be tried again. */
    void retried(String error) {
        retries.incrementAndGet();
        error(error);
    }

    /** {@code events} were not sent at all: the queue was full, or the bundle stopped before their turn. */
    void dropped(int events) {
        dropped.add(events);
    }

    private void error(String error) {
        lastError = new LastError(error, Instant.now());
        failing = true;
    }

    /** The counters with what the caller knows of the configuration and the queue. */
    AnalyticsStatus snapshot(String idleReason, boolean apiKeySet, String host, int queued, int queueCapacity) {
        LastError last = lastError;
        return new AnalyticsStatus(idleReason, apiKeySet, host, queued, queueCapacity, sent.get(), failed.get(),
                dropped.sum(), retries.get(), failing, lastSentAt, last == null ? null : last.text(),
                last == null ? null : last.at());
    }
}
