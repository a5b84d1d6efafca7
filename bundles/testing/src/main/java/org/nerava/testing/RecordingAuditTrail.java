package org.nerava.testing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.nerava.platform.audit.AuditEntry;
import org.nerava.platform.audit.AuditQuery;
import org.nerava.platform.audit.AuditRecord;
import org.nerava.platform.audit.AuditTrail;

/**
 * An {@link AuditTrail} in memory, for unit tests of the features that record into the platform's trail: keeps every
 * entry, answers queries newest first with the actor and action filters and the paging the platform applies, and
 * can be told to fail the way an unreachable database makes the real one fail.
 */
public final class RecordingAuditTrail implements AuditTrail {

    private final Clock clock;
    private final List<AuditEntry> entries = new ArrayList<>();
    private volatile boolean failing;

    public RecordingAuditTrail(Clock clock) {
        this.clock = clock;
    }

    /** While true, {@link #record} throws {@link IllegalStateException} and stores nothing. */
    public void failing(boolean fail) {
        failing = fail;
    }

    @Override
    public synchronized AuditEntry record(AuditRecord record) {
        if (failing) {
            throw new IllegalStateException("the audit trail could not store the entry");
        }
        AuditEntry entry = new AuditEntry(UUID.randomUUID().toString(), clock.instant(), record.actor(),
                record.action(), record.target(), record.outcome(), record.detail());
        entries.add(entry);
        return entry;
    }

    @Override
    public synchronized List<AuditEntry> find(AuditQuery query) {
        List<AuditEntry> newestFirst = new ArrayList<>(entries);
        Collections.reverse(newestFirst);
        return newestFirst.stream()
                .filter(e -> query.actor() == null || Objects.equals(e.actor(), query.actor()))
                .filter(e -> query.action() == null || Objects.equals(e.action(), query.action()))
                .skip(query.offset()).limit(query.limit()).toList();
    }

    /** Every entry, oldest first. */
    /** Kept in memory by this test double: nothing to tamper with, so always intact. */
    @Override
    public synchronized org.nerava.platform.audit.AuditVerification verify() {
        return org.nerava.platform.audit.AuditVerification.intact(entries.size());
    }

    public synchronized List<AuditEntry> entries() {
        return List.copyOf(entries);
    }
}
