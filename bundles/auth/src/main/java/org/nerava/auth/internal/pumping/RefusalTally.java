package org.nerava.auth.internal.pumping;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Refusals by reason since they were last taken: an attack refuses thousands of sends a minute, and the audit trail
 * gets one entry per period that sums them, not one per refusal.
 */
final class RefusalTally {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void add(String reason) {
        counts.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** The counts since the last call, by reason in name order, and zero again; empty when there were none. */
    Map<String, Long> take() {
        Map<String, Long> taken = new TreeMap<>();
        counts.forEach((reason, count) -> {
            long n = count.sumThenReset();
            if (n > 0) {
                taken.put(reason, n);
            }
        });
        return taken;
    }
}
