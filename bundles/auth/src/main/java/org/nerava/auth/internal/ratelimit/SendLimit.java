package org.nerava.auth.internal.ratelimit;

/**
 * One limit on sending codes: at most {@code perHour} sends per hour for everything that shares {@code key}, as a
 * token bucket that starts full and refills continuously (so the limit is smooth, with no burst at an hour's edge).
 *
 * @param name what the driver is told was exceeded, e.g. {@code phone}
 * @param key the bucket, e.g. {@code phone:+14155550123}
 * @param perHour capacity and hourly refill; 0 forbids every send
 */
public record SendLimit(String name, String key, int perHour) {

    public static final double MILLIS_PER_HOUR = 3_600_000d;

    public SendLimit {
        if (perHour < 0) {
            throw new IllegalArgumentException("a limit cannot be negative");
        }
    }

    /** Tokens in a bucket last refilled at {@code refilledAt} holding {@code tokens}, seen at {@code now}. */
    public double tokensAt(double tokens, long refilledAt, long now) {
        double refill = Math.max(0, now - refilledAt) * perHour / MILLIS_PER_HOUR;
        return Math.min(perHour, tokens + refill);
    }

    /** Seconds until a bucket holding {@code tokens} (after refill) has one whole token; 0 when it has one now. */
    public long secondsUntilToken(double tokens) {
        if (tokens >= 1) {
            return 0;
        }
        if (perHour == 0) {
            return 3600;
        }
        double millis = (1 - tokens) * MILLIS_PER_HOUR / perHour;
        return Math.max(1, (long) Math.ceil(millis / 1000));
    }
}
