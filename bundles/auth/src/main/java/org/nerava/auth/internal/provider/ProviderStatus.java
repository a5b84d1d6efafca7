package org.nerava.auth.internal.provider;

import java.time.Instant;

/**
 * One provider as operators see it.
 *
 * @param state {@code bound}; {@code stuck} when bound with calls abandoned after their deadline still in its code;
 *        {@code missing} for an id the configuration names but no service provides
 * @param kind null when missing
 * @param circuit {@code closed}, {@code open} (calls refused until the open period ends) or {@code half-open}
 * @param stuckCalls calls abandoned after their deadline whose thread is still in the provider's code
 * @param lastError the last failure's one-line description; null when none
 * @param misconfiguration why its calls fail for want of configuration, until it answers one; null otherwise
 */
public record ProviderStatus(String id, String state, ProviderKind kind, boolean active, int chainPosition,
        String circuit, long calls, long failures, int stuckCalls, String lastError, Instant lastErrorAt,
        String misconfiguration) {
}
