package org.nerava.admin.internal.guard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import javax.persistence.EntityManager;
import javax.persistence.LockModeType;
import javax.persistence.PersistenceException;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.nerava.platform.persistence.MigratedSchema;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Failed admin sign-ins in the shared database: counted, locked and cleared per user name and client address. */
@Component(service = FailureStore.class)
public class FailureStore {

    public static final String UNIT = "nerava-admin-security";
    /** Two nodes counting the first failure of a key at once: one inserts, the other retries and finds the row. */
    private static final int CREATE_TRIES = 3;

    private final JpaTemplate jpa;

    /** Never called: referenced so that this component starts only once its tables are migrated. */
    @Reference(target = "(" + MigratedSchema.NAME + "=" + UNIT + ")")
    private MigratedSchema schema;

    @Activate
    public FailureStore(@Reference(target = "(osgi.unit.name=" + UNIT + ")") JpaTemplate jpa) {
        this.jpa = jpa;
    }

    /** The longest lock in force on any of these keys at {@code now}. */
    public Optional<Lock> lockOn(List<String> keys, long now) {
        return jpa.txExpr(TransactionType.Required, em -> em.createQuery("SELECT f FROM AdminSignInFailure f"
                + " WHERE f.key IN :keys AND f.lockedUntil > :now", FailureEntity.class)
                .setParameter("keys", keys).setParameter("now", now).getResultList().stream()
                .map(FailureEntity::toLock).max(Comparator.comparingLong(Lock::lockedUntil)));
    }

    /** Counts a failure against every key; returns the locks it put in force. */
    public List<Lock> fail(List<String> keys, GuessingPolicy policy, long now) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jpa.txExpr(TransactionType.Required, em -> fail(em, keys, policy, now));
            } catch (PersistenceException e) {
                if (attempt >= CREATE_TRIES) {
                    throw e;
                }
            }
        }
    }

    private static List<Lock> fail(EntityManager em, List<String> keys, GuessingPolicy policy, long now) {
        List<Lock> locks = new ArrayList<>();
        // Rows locked in key order: two failures sharing keys never deadlock.
        for (String key : keys.stream().sorted().distinct().toList()) {
            FailureEntity failure = em.find(FailureEntity.class, key, LockModeType.PESSIMISTIC_WRITE);
            if (failure == null) {
                failure = new FailureEntity(key, now);
                em.persist(failure);
                em.flush();
            }
            failure.fail(policy, now);
            if (failure.lockedUntil() > now) {
                locks.add(failure.toLock());
            }
        }
        return locks;
    }

    /** Forgets the failures of these keys (a successful sign-in). */
    public void clear(List<String> keys) {
        jpa.tx(TransactionType.Required, em -> em.createQuery("DELETE FROM AdminSignInFailure f WHERE f.key IN :keys")
                .setParameter("keys", keys).executeUpdate());
    }

    /** Every user name and address with failures since {@code since}, the longest locked first. */
    public List<Lock> failuresSince(long since) {
        return jpa.txExpr(TransactionType.Required, em -> em.createQuery("SELECT f FROM AdminSignInFailure f"
                + " WHERE f.lastFailureAt >= :since ORDER BY f.lockedUntil DESC, f.lastFailureAt DESC",
                FailureEntity.class).setParameter("since", since).getResultList().stream()
                .map(FailureEntity::toLock).toList());
    }

    /** Lifts one key's lock and forgets its failures; returns whether there was one. */
    public boolean unlock(String key) {
        return jpa.txExpr(TransactionType.Required, em -> em.createQuery(
                "DELETE FROM AdminSignInFailure f WHERE f.key = :key").setParameter("key", key).executeUpdate() > 0);
    }

    /** Forgets failures older than the window that lock nothing any more; returns how many rows went. */
    public int forget(long olderThan, long now) {
        return jpa.txExpr(TransactionType.Required, em -> em.createQuery("DELETE FROM AdminSignInFailure f"
                + " WHERE f.lastFailureAt < :olderThan AND f.lockedUntil <= :now")
                .setParameter("olderThan", olderThan).setParameter("now", now).executeUpdate());
    }
}
