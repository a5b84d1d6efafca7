package org.nerava.exclusives.internal.session;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.persistence.EntityManager;
import javax.persistence.LockModeType;
import javax.persistence.PersistenceException;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.nerava.platform.persistence.MigratedSchema;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Every read and write of {@code exclusive_session} and {@code reward_event}. Each method is one transaction, and
 * the rules that must hold across concurrent requests and nodes are the database's: a unique constraint allows one
 * active session per driver and one reward per session, and completing locks the session's row.
 */
@Component(service = ExclusiveStore.class)
public class ExclusiveStore {

    /** The persistence unit, and the schema its tables are migrated in. */
    public static final String UNIT = "nerava-exclusive-sessions";

    /** What came of an activation. */
    public sealed interface Activation {
    }

    public record Activated(ExclusiveSession session) implements Activation {
    }

    public record AlreadyActive(ExclusiveSession session) implements Activation {
    }

    /** What came of completing a session. */
    public sealed interface Completion {
    }

    /** @param first whether this call completed it (false: it had been completed before, the same reward) */
    public record Completed(ExclusiveSession session, RewardEvent reward, boolean first) implements Completion {
    }

    public record Expired(ExclusiveSession session) implements Completion {
    }

    /** No such session of this driver: unknown, or someone else's. */
    public record NoSuchSession() implements Completion {
    }

    private final JpaTemplate jpa;

    /** Never called: referenced so that this component starts only once its tables are migrated. */
    @Reference(target = "(" + MigratedSchema.NAME + "=" + UNIT + ")")
    private MigratedSchema schema;

    @Activate
    public ExclusiveStore(@Reference(target = "(osgi.unit.name=" + UNIT + ")") JpaTemplate jpa) {
        this.jpa = jpa;
    }

    /**
     * Opens a session for the driver unless one is active; a session of theirs that has expired is closed first.
     * Two activations racing for the same driver: the unique constraint lets one in, the other is told which.
     */
    public Activation activate(String driverId, String merchantId, String chargerId, String origin,
            Long distanceMeters, long now, long expiresAt) {
        String id = UUID.randomUUID().toString();
        try {
            return jpa.txExpr(TransactionType.Required, em -> {
                expireStale(em, driverId, now);
                Optional<ExclusiveSessionEntity> active = activeEntity(em, driverId);
                if (active.isPresent()) {
                    return new AlreadyActive(active.get().toSession(now));
                }
                ExclusiveSessionEntity session = new ExclusiveSessionEntity(id, driverId, merchantId, chargerId,
                        origin, distanceMeters, now, expiresAt);
                em.persist(session);
                em.flush();
                return new Activated(session.toSession(now));
            });
        } catch (PersistenceException e) {
            Optional<ExclusiveSession> winner = active(driverId, now);
            if (winner.isPresent()) {
                return new AlreadyActive(winner.get());
            }
            throw e;
        }
    }

    /** The driver's session that is active now, if any. */
    public Optional<ExclusiveSession> active(String driverId, long now) {
        return jpa.txExpr(TransactionType.Required, em -> activeEntity(em, driverId)
                .filter(s -> !s.isExpiredAt(now)).map(s -> s.toSession(now)));
    }

    /**
     * Completes the driver's session and records its reward, once: the session's row is locked, so of any number of
     * calls one completes it and the others find it completed and get the same reward.
     */
    public Completion complete(String sessionId, String driverId, long now) {
        return jpa.txExpr(TransactionType.Required, em -> {
            ExclusiveSessionEntity session = em.find(ExclusiveSessionEntity.class, sessionId,
                    LockModeType.PESSIMISTIC_WRITE);
            if (session == null || !session.driverId().equals(driverId)) {
                return new NoSuchSession();
            }
            if (session.status() == SessionStatus.COMPLETED) {
                RewardEvent reward = rewardOf(em, sessionId).orElseThrow(
                        () -> new IllegalStateException("completed session " + sessionId + " has no reward"));
                return new Completed(session.toSession(now), reward, false);
            }
            if (session.isExpiredAt(now)) {
                session.expire();
                return new Expired(session.toSession(now));
            }
            session.complete(now);
            RewardEventEntity reward = new RewardEventEntity(UUID.randomUUID().toString(), sessionId, driverId,
                    session.merchantId(), RewardEvent.VERIFIED_VISIT, now);
            em.persist(reward);
            return new Completed(session.toSession(now), reward.toReward(), true);
        });
    }

    /** A session that was activated and completed at once, with its reward: the demo endpoint's visit. */
    public Completed recordCompletedVisit(String driverId, String merchantId, String chargerId, String origin,
            long now, long expiresAt) {
        String sessionId = UUID.randomUUID().toString();
        return jpa.txExpr(TransactionType.Required, em -> {
            ExclusiveSessionEntity session = new ExclusiveSessionEntity(sessionId, driverId, merchantId, chargerId,
                    origin, null, now, expiresAt);
            session.complete(now);
            em.persist(session);
            RewardEventEntity reward = new RewardEventEntity(UUID.randomUUID().toString(), sessionId, driverId,
                    merchantId, RewardEvent.VERIFIED_VISIT, now);
            em.persist(reward);
            return new Completed(session.toSession(now), reward.toReward(), true);
        });
    }

    public Optional<ExclusiveSession> session(String sessionId, long now) {
        return jpa.txExpr(TransactionType.Required, em -> Optional.ofNullable(
                em.find(ExclusiveSessionEntity.class, sessionId)).map(s -> s.toSession(now)));
    }

    /** The driver's rewards, newest first. */
    public List<RewardEvent> rewards(String driverId) {
        return jpa.txExpr(TransactionType.Required, em -> em.createQuery("SELECT r FROM RewardEvent r"
                + " WHERE r.driverId = :driver ORDER BY r.createdAt DESC, r.id", RewardEventEntity.class)
                .setParameter("driver", driverId).getResultList().stream().map(RewardEventEntity::toReward).toList());
    }

    private static void expireStale(EntityManager em, String driverId, long now) {
        em.createQuery("UPDATE ExclusiveSession s SET s.status = :expired, s.activeDriverId = NULL"
                + " WHERE s.activeDriverId = :driver AND s.expiresAt <= :now")
                .setParameter("expired", SessionStatus.EXPIRED).setParameter("driver", driverId)
                .setParameter("now", now).executeUpdate();
    }

    private static Optional<ExclusiveSessionEntity> activeEntity(EntityManager em, String driverId) {
        return em.createQuery("SELECT s FROM ExclusiveSession s WHERE s.activeDriverId = :driver",
                ExclusiveSessionEntity.class).setParameter("driver", driverId).getResultList().stream().findFirst();
    }

    private static Optional<RewardEvent> rewardOf(EntityManager em, String sessionId) {
        return em.createQuery("SELECT r FROM RewardEvent r WHERE r.sessionId = :session", RewardEventEntity.class)
                .setParameter("session", sessionId).getResultList().stream().findFirst()
                .map(RewardEventEntity::toReward);
    }
}
