package org.nerava.platform.audit;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Records admin actions durably and reads them back. Provided by the platform. */
@ProviderType
public interface AuditTrail {

    /**
     * Records an action. Returns only once the entry is committed, so an action that was acknowledged to the
     * admin is never missing from the trail.
     *
     * @throws IllegalStateException when the entry could not be stored
     */
    AuditEntry record(AuditRecord record);

    /** Entries newest first, filtered by the query's non-null fields. */
    List<AuditEntry> find(AuditQuery query);

    /**
     * Checks the trail's hash chain: every entry as it was recorded, none removed, in order. Entries recorded before
     * the chain existed are outside it.
     */
    AuditVerification verify();
}
