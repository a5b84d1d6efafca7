package org.nerava.platform.internal.audit;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

import org.nerava.platform.audit.AuditEntry;
import org.nerava.platform.audit.AuditOutcome;

/**
 * Row of table {@code audit_entry}. The time is stored as epoch milliseconds: EclipseLink 2.7 binds date-time types
 * through the JVM's default time zone, which shifts instants on hosts with daylight saving time.
 */
@Entity(name = "AuditEntry")
@Table(name = "audit_entry", indexes = {
        @Index(name = "audit_entry_recorded_at", columnList = "recorded_at"),
        @Index(name = "audit_entry_actor", columnList = "actor")})
public class AuditEntryEntity {

    @Id
    @Column(length = 36)
    private String id;

    @Column(name = "recorded_at", nullable = false)
    private long recordedAt;

    @Column(nullable = false, length = 200)
    private String actor;

    @Column(nullable = false, length = 100)
    private String action;

    @Column(length = 200)
    private String target;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private AuditOutcome outcome;

    @Column(length = 1000)
    private String detail;

    /** Its place in the chain; null for an entry recorded before the chain existed. */
    @Column(name = "seq")
    private Long seq;

    @Column(name = "prev_hash", length = 64)
    private String prevHash;

    @Column(name = "entry_hash", length = 64)
    private String entryHash;

    protected AuditEntryEntity() {
        // for JPA
    }

    AuditEntryEntity(String id, Instant at, String actor, String action, String target, AuditOutcome outcome,
            String detail) {
        this.id = id;
        this.recordedAt = at.toEpochMilli();
        this.actor = actor;
        this.action = action;
        this.target = target;
        this.outcome = outcome;
        this.detail = detail;
    }

    /** Links this entry after the one whose hash is given, as number {@code newSeq}. */
    void chain(long newSeq, String previousHash) {
        this.seq = newSeq;
        this.prevHash = previousHash;
        this.entryHash = AuditChain.hash(previousHash, newSeq, id, recordedAt, actor, action, target,
                outcome.name(), detail);
    }

    String entryHash() {
        return entryHash;
    }

    AuditEntry toEntry() {
        return new AuditEntry(id, Instant.ofEpochMilli(recordedAt), actor, action, target, outcome, detail);
    }
}
