package org.nerava.platform.audit;

import java.time.Instant;

/**
 * A recorded action.
 *
 * @param id a UUID
 * @param at when it was recorded
 */
public record AuditEntry(String id, Instant at, String actor, String action, String target, AuditOutcome outcome,
        String detail) {
}
