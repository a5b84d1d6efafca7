package org.nerava.platform.audit;

/**
 * A page of the audit trail, newest first.
 *
 * @param actor only this actor's entries, or null for all
 * @param action only this action, or null for all
 * @param offset entries to skip, at least 0
 * @param limit entries to return, 1 to 500
 */
public record AuditQuery(String actor, String action, int offset, int limit) {

    public static final int MAX_LIMIT = 500;

    public AuditQuery {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be at least 0");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    /** The newest {@code limit} entries of every actor and action. */
    public static AuditQuery latest(int limit) {
        return new AuditQuery(null, null, 0, limit);
    }
}
