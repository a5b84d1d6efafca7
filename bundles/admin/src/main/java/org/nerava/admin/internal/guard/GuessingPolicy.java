package org.nerava.admin.internal.guard;

import java.util.ArrayList;
import java.util.List;

import org.nerava.admin.internal.AdminConfig;

/**
 * How failed admin sign-ins slow a guesser: the first {@code failuresBeforeLock - 1} failures cost nothing (people
 * mistype), then each failure locks its user name and its client address for a time that doubles from
 * {@code lockBaseSeconds} up to {@code lockMaxSeconds}. Failures older than the window are forgotten.
 */
public record GuessingPolicy(int failuresBeforeLock, long lockBaseMillis, long lockMaxMillis, long windowMillis,
        List<String> warnings) {

    public static GuessingPolicy from(AdminConfig config) {
        List<String> warnings = new ArrayList<>();
        int failures = atLeast(warnings, "failuresBeforeLock", config.failuresBeforeLock(), 1, 5);
        long base = atLeast(warnings, "lockBaseSeconds", config.lockBaseSeconds(), 1, 1);
        long max = atLeast(warnings, "lockMaxSeconds", config.lockMaxSeconds(), 1, 900);
        if (max < base) {
            warnings.add("lockMaxSeconds = " + max + " is below lockBaseSeconds = " + base + "; using " + base);
            max = base;
        }
        long window = atLeast(warnings, "failureWindowSeconds", config.failureWindowSeconds(), 1, 3600);
        return new GuessingPolicy(failures, base * 1000, max * 1000, window * 1000, List.copyOf(warnings));
    }

    private static int atLeast(List<String> warnings, String key, int value, int min, int fallback) {
        if (value >= min) {
            return value;
        }
        warnings.add(key + " = " + value + " is below " + min + "; using " + fallback);
        return fallback;
    }

    /** How long the {@code failures}-th failure in a row locks for: 0 before the threshold, then doubling. */
    long lockMillisAfter(int failures) {
        if (failures < failuresBeforeLock) {
            return 0;
        }
        long lock = lockBaseMillis;
        for (int failure = failuresBeforeLock; failure < failures && lock < lockMaxMillis; failure++) {
            lock *= 2;
        }
        return Math.min(lock, lockMaxMillis);
    }

    boolean windowEnded(long lastFailureAt, long now) {
        return now - lastFailureAt >= windowMillis;
    }
}
