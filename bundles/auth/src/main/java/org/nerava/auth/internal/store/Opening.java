package org.nerava.auth.internal.store;

/** What came of asking to send a new code: a stored challenge, or the limit that refused it. */
public sealed interface Opening {

    /** @param sentToday codes counted against the day's budget, this one included, by every node */
    record Opened(Challenge challenge, long sentToday) implements Opening {
    }

    /**
     * @param limit which limit: {@code resend_cooldown}, {@code daily_budget}, or a {@link org.nerava.auth.internal.ratelimit.SendLimit}'s name
     */
    record Limited(String limit, long retryAfterSeconds) implements Opening {
    }
}
