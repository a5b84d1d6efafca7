package org.nerava.auth.internal.store;

/** What came of asking to send a new code: a stored challenge, or the limit that refused it. */
public sealed interface Opening {

    record Opened(Challenge challenge) implements Opening {
    }

    /**
     * @param limit which limit: {@code resend_cooldown}, or a {@link org.nerava.auth.internal.ratelimit.SendLimit}'s name
     */
    record Limited(String limit, long retryAfterSeconds) implements Opening {
    }
}
