package org.nerava.platform.audit;

/** How an audited action ended. */
public enum AuditOutcome {
    /** The action was carried out. */
    SUCCESS,
    /** The action was allowed but failed. */
    FAILURE,
    /** The caller was not allowed to do it. */
    DENIED
}
