package org.nerava.exclusives.internal.rest;

import java.time.Instant;
import java.util.Locale;

import org.nerava.exclusives.internal.session.ExclusiveSession;

/** An exclusive session on the wire; {@code status} is {@code active}, {@code completed} or {@code expired}. */
public record SessionView(String id, String status, String merchantId, String chargerId, Instant activatedAt,
        Instant expiresAt, Instant completedAt) {

    static SessionView of(ExclusiveSession session) {
        return new SessionView(session.id(), session.status().name().toLowerCase(Locale.ROOT), session.merchantId(),
                session.chargerId(), Instant.ofEpochMilli(session.activatedAt()),
                Instant.ofEpochMilli(session.expiresAt()),
                session.completedAt() == null ? null : Instant.ofEpochMilli(session.completedAt()));
    }
}
