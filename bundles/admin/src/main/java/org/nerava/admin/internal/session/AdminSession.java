package org.nerava.admin.internal.session;

/**
 * An admin session as the API and the shell show it (epoch millis).
 *
 * @param endsAt when it ends unless used before: the idle expiry, or the absolute one if that comes first
 */
public record AdminSession(String id, String user, long createdAt, long lastUsedAt, long endsAt) {
}
