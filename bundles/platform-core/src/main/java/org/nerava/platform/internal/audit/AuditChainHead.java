package org.nerava.platform.internal.audit;

import javax.persistence.Cacheable;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** The one row of {@code audit_chain_head}: the last link of the chain, locked by every append. */
@Entity(name = "AuditChainHead")
@Table(name = "audit_chain_head")
@Cacheable(false)
public class AuditChainHead {

    static final int ID = 1;

    @Id
    private int id;

    @Column(nullable = false)
    private long seq;

    @Column(name = "entry_hash", nullable = false, length = 64)
    private String entryHash;

    protected AuditChainHead() {
        // for JPA
    }

    long seq() {
        return seq;
    }

    String entryHash() {
        return entryHash;
    }

    void advance(long newSeq, String newHash) {
        this.seq = newSeq;
        this.entryHash = newHash;
    }
}
