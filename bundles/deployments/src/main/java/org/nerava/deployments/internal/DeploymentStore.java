package org.nerava.deployments.internal;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

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

    /** The follower's memory of a run: its last ETag, and how many checks in a row saw no change. */
    public record FollowState(String etag, int unchangedChecks) {
    }

    private static final List<String> FOLLOWED = java.util.Arrays.stream(DeploymentStatus.values())
            .filter(DeploymentStatus::followed).map(DeploymentStatus::name).toList();

    private static final List<String> GOOD_VERIFICATIONS = List.of(Verification.PASSED.name(),
            Verification.SKIPPED.name());

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

    /** Newest first; {@code target} and {@code status} narrow it when not null. */
    public List<Deployment> list(int offset, int limit, DeploymentTarget target, DeploymentStatus status) {
        return jpa.txExpr(TransactionType.Required, em -> filtered(em, "SELECT d FROM Deployment d", target, status,
                " ORDER BY d.requestedAt DESC, d.id DESC", DeploymentEntity.class)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList().stream().map(DeploymentEntity::toDeployment).toList());
    }

    public long count(DeploymentTarget target, DeploymentStatus status) {
        return jpa.txExpr(TransactionType.Required,
                em -> filtered(em, "SELECT COUNT(d) FROM Deployment d", target, status, "", Long.class)
                        .getSingleResult());
    }

    private static <T> TypedQuery<T> filtered(EntityManager em, String select, DeploymentTarget target,
            DeploymentStatus status, String order, Class<T> type) {
        String where = target == null && status == null ? ""
                : " WHERE " + (target == null ? "" : "d.target = :target")
                        + (target != null && status != null ? " AND " : "")
                        + (status == null ? "" : "d.status = :status");
        TypedQuery<T> query = em.createQuery(select + where + order, type);
        if (target != null) {
            query.setParameter("target", target.name());
        }
        if (status != null) {
            query.setParameter("status", status.name());
        }
        return query;
    }

    /**
     * The target's latest deployment whose run succeeded and whose verification did not fail nor is still running
     * (deployments recorded before verification existed count as good), if any.
     */
    public Optional<Deployment> lastGood(DeploymentTarget target) {
        return jpa.txExpr(TransactionType.Required, em -> em
                .createQuery("SELECT d FROM Deployment d WHERE d.target = :target AND d.status = :succeeded"
                        + " AND (d.verification IS NULL OR d.verification IN :good)"
                        + " ORDER BY d.requestedAt DESC, d.id DESC", DeploymentEntity.class)
                .setParameter("target", target.name())
                .setParameter("succeeded", DeploymentStatus.SUCCEEDED.name())
                .setParameter("good", GOOD_VERIFICATIONS)
                .setMaxResults(1)
                .getResultStream().findFirst().map(DeploymentEntity::toDeployment));
    }

    /**
     * Deployments whose run may still change, or whose verification is still running, and whose next check is due,
     * the most overdue first.
     */
    public List<Deployment> due(Instant now, int max) {
        return jpa.txExpr(TransactionType.Required, em -> em
                .createQuery("SELECT d FROM Deployment d WHERE (d.status IN :followed OR d.verification = :pending)"
                        + " AND (d.nextCheckAt IS NULL OR d.nextCheckAt <= :now) ORDER BY d.requestedAt",
                        DeploymentEntity.class)
                .setParameter("followed", FOLLOWED)
                .setParameter("pending", Verification.PENDING.name())
                .setParameter("now", now.toEpochMilli())
                .setMaxResults(max)
                .getResultList().stream().map(DeploymentEntity::toDeployment).toList());
    }

    /**
     * Claims the following of a deployment for this node until {@code until}: true when no other node holds a claim
     * that is still running. One conditional update, so two nodes never both win it.
     */
    public boolean claim(String id, String node, Instant now, Instant until) {
        return jpa.txExpr(TransactionType.Required, em -> em
                .createQuery("UPDATE Deployment d SET d.follower = :node, d.claimedUntil = :until WHERE d.id = :id"
                        + " AND (d.follower IS NULL OR d.follower = :node OR d.claimedUntil <= :now)")
                .setParameter("node", node)
                .setParameter("until", until.toEpochMilli())
                .setParameter("id", id)
                .setParameter("now", now.toEpochMilli())
                .executeUpdate()) == 1;
    }

    /** Gives up every claim this node holds: another node (or this one, restarted) may follow those at once. */
    public int release(String node) {
        return jpa.txExpr(TransactionType.Required, em -> em
                .createQuery("UPDATE Deployment d SET d.follower = NULL, d.claimedUntil = NULL WHERE d.follower = :node")
                .setParameter("node", node)
                .executeUpdate());
    }

    public FollowState followState(String id) {
        return jpa.txExpr(TransactionType.Required, em -> {
            DeploymentEntity row = em.find(DeploymentEntity.class, id);
            return row == null ? new FollowState(null, 0) : new FollowState(row.runEtag(), row.unchangedChecks());
        });
    }

    /**
     * Writes what the follower saw, when it looks again (null once the deployment has its outcome), and its claim
     * (null: released).
     */
    public void followed(Deployment deployment, FollowState state, Instant nextCheck, String node,
            Instant claimedUntil) {
        jpa.tx(TransactionType.Required, em -> {
            DeploymentEntity row = em.find(DeploymentEntity.class, deployment.id());
            if (row == null) {
                throw new IllegalStateException("deployment " + deployment.id() + " is not recorded");
            }
            row.update(deployment);
            row.follow(state.etag(), state.unchangedChecks(), nextCheck);
            row.claim(claimedUntil == null ? null : node, claimedUntil);
        });
    }

    /** Run ids already tied to a deployment requested since then: a run found by search is never taken twice. */
    public Set<Long> runIdsSince(Instant since) {
        return jpa.txExpr(TransactionType.Required, em -> new HashSet<>(em
                .createQuery("SELECT d.runId FROM Deployment d WHERE d.runId IS NOT NULL AND d.requestedAt >= :since",
                        Long.class)
                .setParameter("since", since.toEpochMilli())
                .getResultList()));
    }

}
