package org.nerava.exclusives.internal.session;

/**
 * An exclusive session as the feature works with it (times in epoch milliseconds).
 *
 * @param status as of when it was read: an active session past {@code expiresAt} is {@code EXPIRED}
 */
public record ExclusiveSession(String id, String driverId, String merchantId, String chargerId, SessionStatus status,
        String origin, Long distanceMeters, long activatedAt, long expiresAt, Long completedAt) {
}
