package org.nerava.platform.internal.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.persistence.LockModeType;
import javax.persistence.TypedQuery;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.nerava.platform.audit.AuditEntry;
import org.nerava.platform.audit.AuditQuery;
import org.nerava.platform.audit.AuditRecord;
import org.nerava.platform.audit.AuditTrail;
import org.nerava.platform.audit.AuditVerification;
import org.nerava.platform.persistence.MigratedSchema;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail in table {@code audit_entry} of persistence unit {@value #UNIT}, tamper-evident: each entry is
 * appended to one hash chain ({@link AuditChain}) under a lock on the chain's head row, so nodes writing at once
 * still make one chain, and {@link #verify()} finds the first entry that was changed, removed or reordered.
 */
@Component(service = AuditTrail.class)
public class JpaAuditTrail implements AuditTrail {

    static final String UNIT = "nerava-platform";
    private static final int VERIFY_PAGE = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger("org.nerava.audit");

    private final JpaTemplate jpa;
    private final Clock clock;

    /** Never called: referenced so that this component starts only once its tables are migrated. */
    @Reference(target = "(" + MigratedSchema.NAME + "=" + UNIT + ")")
    private MigratedSchema schema;

    @Activate
    public JpaAuditTrail(@Reference(target = "(osgi.unit.name=" + UNIT + ")") JpaTemplate jpa) {
        this(jpa, Clock.systemUTC());
    }

    JpaAuditTrail(JpaTemplate jpa, Clock clock) {
        this.jpa = jpa;
        this.clock = clock;
    }

    @Override
    public AuditEntry record(AuditRecord record) {
        // Millisecond precision: what every supported database stores without rounding.
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        AuditEntryEntity row = new AuditEntryEntity(UUID.randomUUID().toString(), at, record.actor(),
                record.action(), record.target(), record.outcome(), truncate(record.detail(), 1000));
        try {
            jpa.tx(TransactionType.Required, em -> {
                AuditChainHead head = em.find(AuditChainHead.class, AuditChainHead.ID, LockModeType.PESSIMISTIC_WRITE);
                if (head == null) {
                    throw new IllegalStateException("the audit chain has no head row (schema not migrated?)");
                }
                row.chain(head.seq() + 1, head.entryHash());
                em.persist(row);
                head.advance(head.seq() + 1, row.entryHash());
            });
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not record audit entry " + record.action(), e);
        }
        LOG.info("{} {} {} -> {}", record.actor(), record.action(), record.target() == null ? "" : record.target(),
                record.outcome());
        return row.toEntry();
    }

    @Override
    public List<AuditEntry> find(AuditQuery query) {
        StringBuilder jpql = new StringBuilder("SELECT a FROM AuditEntry a WHERE 1 = 1");
        if (query.actor() != null) {
            jpql.append(" AND a.actor = :actor");
        }
        if (query.action() != null) {
            jpql.append(" AND a.action = :action");
        }
        jpql.append(" ORDER BY a.recordedAt DESC, a.id DESC");
        return jpa.txExpr(TransactionType.Required, em -> {
            TypedQuery<AuditEntryEntity> q = em.createQuery(jpql.toString(), AuditEntryEntity.class)
                    .setFirstResult(query.offset())
                    .setMaxResults(query.limit());
            if (query.actor() != null) {
                q.setParameter("actor", query.actor());
            }
            if (query.action() != null) {
                q.setParameter("action", query.action());
            }
            List<AuditEntry> entries = new ArrayList<>();
            q.getResultList().forEach(row -> entries.add(row.toEntry()));
            return entries;
        });
    }

    @Override
    public AuditVerification verify() {
        return jpa.txExpr(TransactionType.Required, em -> {
            // Raw rows, never an entity cache: a row edited in the database must be seen as it is now.
            String expectedPrevious = AuditChain.GENESIS;
            long expectedSeq = 1;
            long checked = 0;
            while (true) {
                @SuppressWarnings("unchecked")
                List<Object[]> rows = em.createNativeQuery("SELECT id, seq, recorded_at, actor, action, target,"
                        + " outcome, detail, prev_hash, entry_hash FROM audit_entry WHERE seq >= ?1 ORDER BY seq")
                        .setParameter(1, expectedSeq)
                        .setMaxResults(VERIFY_PAGE)
                        .getResultList();
                for (Object[] r : rows) {
                    String id = (String) r[0];
                    long seq = ((Number) r[1]).longValue();
                    if (seq != expectedSeq) {
                        return AuditVerification.broken(checked, id, seq, "entry number " + expectedSeq
                                + " is missing (removed?): the chain goes from " + (expectedSeq - 1) + " to " + seq);
                    }
                    String recomputed = AuditChain.hash(expectedPrevious, seq, id, ((Number) r[2]).longValue(),
                            (String) r[3], (String) r[4], (String) r[5], (String) r[6], (String) r[7]);
                    if (!expectedPrevious.equals(r[8])) {
                        return AuditVerification.broken(checked, id, seq,
                                "its link to the entry before it does not match (entries reordered or replaced?)");
                    }
                    if (!recomputed.equals(r[9])) {
                        return AuditVerification.broken(checked, id, seq,
                                "its content does not match its hash (changed after it was recorded)");
                    }
                    expectedPrevious = recomputed;
                    expectedSeq++;
                    checked++;
                }
                if (rows.size() < VERIFY_PAGE) {
                    break;
                }
            }
            AuditChainHead head = em.find(AuditChainHead.class, AuditChainHead.ID);
            if (head != null && (head.seq() != expectedSeq - 1 || !head.entryHash().equals(expectedPrevious))) {
                return AuditVerification.broken(checked, null, head.seq(), "the chain ends at entry "
                        + (expectedSeq - 1) + " but its head says " + head.seq() + " (latest entries removed?)");
            }
            return AuditVerification.intact(checked);
        });
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
