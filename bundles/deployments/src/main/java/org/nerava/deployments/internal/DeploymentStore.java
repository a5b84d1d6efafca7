package org.nerava.deployments.internal;

import java.util.List;
import java.util.Optional;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.nerava.platform.persistence.MigratedSchema;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Every read and write of table {@code deployment} (persistence unit {@value #UNIT}); each method one transaction. */
@Component(service = DeploymentStore.class)
public class DeploymentStore {

    static final String UNIT = "nerava-deployments";

    /** Another request already recorded a deployment under this idempotency key. */
    static final class DuplicateKeyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DuplicateKeyException(Throwable cause) {
            super("idempotency key already used", cause, false, false);
        }
    }

    private final JpaTemplate jpa;

    /** Never called: referenced so that this component starts only once its tables are migrated. */
    @Reference(target = "(" + MigratedSchema.NAME + "=" + UNIT + ")")
    private MigratedSchema schema;

    @Activate
    public DeploymentStore(@Reference(target = "(osgi.unit.name=" + UNIT + ")") JpaTemplate jpa) {
        this.jpa = jpa;
    }

    /**
     * Records a new deployment, committed on return.
     *
     * @throws DuplicateKeyException when its idempotency key is taken (a concurrent retry won the race)
     */
    public void insert(Deployment deployment) {
        try {
            jpa.tx(TransactionType.Required, em -> {
                em.persist(new DeploymentEntity(deployment));
                em.flush();
            });
        } catch (RuntimeException e) {
            // A unique-key violation, however the JPA template wraps it: the key's row exists now.
            if (deployment.idempotencyKey() != null && findByIdempotencyKey(deployment.idempotencyKey()).isPresent()) {
                throw new DuplicateKeyException(e);
            }
            throw e;
        }
    }

    /** Writes the outcome of a dispatch (status, run, error, finish time). */
    public void update(Deployment deployment) {
        jpa.tx(TransactionType.Required, em -> {
            DeploymentEntity row = em.find(DeploymentEntity.class, deployment.id());
            if (row == null) {
                throw new IllegalStateException("deployment " + deployment.id() + " is not recorded");
            }
            row.update(deployment);
        });
    }

    public Optional<Deployment> find(String id) {
        return jpa.txExpr(TransactionType.Required,
                em -> Optional.ofNullable(em.find(DeploymentEntity.class, id)).map(DeploymentEntity::toDeployment));
    }

    public Optional<Deployment> findByIdempotencyKey(String key) {
        return jpa.txExpr(TransactionType.Required, em -> em
                .createQuery("SELECT d FROM Deployment d WHERE d.idempotencyKey = :key", DeploymentEntity.class)
                .setParameter("key", key)
                .getResultStream().findFirst().map(DeploymentEntity::toDeployment));
    }

    /** Newest first. */
    public List<Deployment> list(int offset, int limit) {
        return jpa.txExpr(TransactionType.Required, em -> em
                .createQuery("SELECT d FROM Deployment d ORDER BY d.requestedAt DESC, d.id DESC", DeploymentEntity.class)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList().stream().map(DeploymentEntity::toDeployment).toList());
    }

    public long count() {
        return jpa.txExpr(TransactionType.Required,
                em -> em.createQuery("SELECT COUNT(d) FROM Deployment d", Long.class).getSingleResult());
    }
}
