package org.nerava.platform.internal.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.persistence.TypedQuery;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.nerava.platform.audit.AuditEntry;
import org.nerava.platform.audit.AuditQuery;
import org.nerava.platform.audit.AuditRecord;
import org.nerava.platform.audit.AuditTrail;
import org.nerava.platform.persistence.MigratedSchema;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The audit trail in table {@code audit_entry} of persistence unit {@value #UNIT}. */
@Component(service = AuditTrail.class)
public class JpaAuditTrail implements AuditTrail {

    static final String UNIT = "nerava-platform";
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
            jpa.tx(TransactionType.Required, em -> em.persist(row));
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

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
