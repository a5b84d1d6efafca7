package org.nerava.otp.control;

import java.time.Instant;

/**
 * One OTP provider's state.
 *
 * @param id the {@code otp.provider} id
 * @param state {@code bound} (a service is registered and taken), {@code stuck} (bound, with calls past their deadline
 *        still in its code), {@code activating}, {@code failed} (its activation threw; {@code lastError} says why) or
 *        {@code missing} (configured, no service)
 * @param kind {@code verifier} or {@code delivery}; null when missing
 * @param active whether it is the configured active provider
 * @param chainPosition 0 for the active provider, 1.. for fallbacks, -1 when not configured
 * @param circuit {@code closed}, {@code open} or {@code half-open}
 * @param calls calls since the auth feature started on this node
 * @param failures provider faults among them
 * @param lastError the last fault's one-line description, or null
 * @param lastErrorAt when it happened, or null
 */
public record OtpProviderView(String id, String state, String kind, boolean active, int chainPosition, String circuit,
        long calls, long failures, String lastError, Instant lastErrorAt) {
}
