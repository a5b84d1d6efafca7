package org.nerava.admin.internal.guard;

/**
 * A user name or client address that may not try again before {@code lockedUntil} (epoch millis).
 *
 * @param key {@code user:<name>} or {@code address:<address>}
 */
public record Lock(String key, int failures, long lockedUntil) {

    /** Whole seconds until it ends, at least one: the {@code Retry-After} a locked request is answered with. */
    public long retryAfterSeconds(long now) {
        return Math.max(1, (lockedUntil - now + 999) / 1000);
    }
}
