package org.nerava.auth.internal.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.persistence.EntityManager;
import javax.persistence.LockModeType;
import javax.persistence.PersistenceException;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.nerava.auth.internal.ratelimit.SendBudget;
import org.nerava.auth.internal.ratelimit.SendLimit;
import org.nerava.platform.persistence.MigratedSchema;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Every read and write of the sign-in tables (unit {@value #UNIT}). Each method is one transaction, and every
 * decision that must hold across concurrent requests and nodes is taken by the database: row locks on the send
 * buckets, and conditional updates for attempts and for consuming a code.
 */
@Component(service = AuthStore.class)
public final class AuthStore {

    public static final String UNIT = "nerava-auth";

    /** The {@link Opening.Limited#limit()} of a send refused because the day's budget is spent. */
    public static final String DAILY_BUDGET = "daily_budget";
    private static final List<ChallengeStatus> OPEN = List.of(ChallengeStatus.SENDING, ChallengeStatus.SENT);
    /** Two first-ever sends can race to create the same bucket row; the loser retries once it exists. */
    private static final int BUCKET_CREATE_TRIES = 3;

    private final JpaTemplate jpa;

    /** Never called: referenced so that this component starts only once its tables are migrated. */
    @Reference(target = "(" + MigratedSchema.NAME + "=" + UNIT + ")")
    private MigratedSchema schema;

    @Activate
    public AuthStore(@Reference(target = "(osgi.unit.name=" + UNIT + ")") JpaTemplate jpa) {
        this.jpa = jpa;
    }

    /**
     * Stores a new challenge for a phone if the cooldown, every limit and the day's budget allow it, taking one token
     * from each limit, counting one send against the budget and superseding the phone's earlier codes. Nothing is
     * taken when any of them refuses.
     *
     * @param codeHmac the code's HMAC, or null when the provider owns the code
     */
    public Opening openChallenge(String phoneE164, String provider, String codeHmac, String challengeId,
            long now, long validForMillis, long cooldownMillis, List<SendLimit> limits, SendBudget budget) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jpa.txExpr(TransactionType.Required, em -> openChallenge(em, phoneE164, provider, codeHmac,
                        challengeId, now, validForMillis, cooldownMillis, limits, budget));
            } catch (PersistenceException e) {
                if (attempt >= BUCKET_CREATE_TRIES) {
                    throw e;
                }
            }
        }
    }

    private static Opening openChallenge(EntityManager em, String phoneE164, String provider, String codeHmac,
            String challengeId, long now, long validForMillis, long cooldownMillis, List<SendLimit> limits,
            SendBudget budget) {
        // Lock buckets in key order so two sends that share buckets can never deadlock.
        List<SendLimit> ordered = new ArrayList<>(limits);
        ordered.sort(Comparator.comparing(SendLimit::key));
        List<RateBucketEntity> buckets = new ArrayList<>();
        for (SendLimit limit : ordered) {
            RateBucketEntity bucket = em.find(RateBucketEntity.class, limit.key(), LockModeType.PESSIMISTIC_WRITE);
            if (bucket == null) {
                bucket = new RateBucketEntity(limit.key(), limit.perHour(), now);
                em.persist(bucket);
                em.flush();
            }
            buckets.add(bucket);
        }

        // The phone's bucket row is locked now, so no other send to this phone can pass the cooldown check meanwhile.
        List<Long> latest = em.createQuery("SELECT c.createdAt FROM OtpChallenge c WHERE c.phoneE164 = :phone"
                + " AND c.status IN :open ORDER BY c.createdAt DESC", Long.class)
                .setParameter("phone", phoneE164).setParameter("open", OPEN).setMaxResults(1).getResultList();
        if (!latest.isEmpty() && latest.get(0) + cooldownMillis > now) {
            long wait = latest.get(0) + cooldownMillis - now;
            return new Opening.Limited("resend_cooldown", Math.max(1, (wait + 999) / 1000));
        }

        String refused = null;
        long retryAfter = 0;
        double[] after = new double[ordered.size()];
        for (int i = 0; i < ordered.size(); i++) {
            SendLimit limit = ordered.get(i);
            double tokens = limit.tokensAt(buckets.get(i).tokens(), buckets.get(i).refilledAt(), now);
            long wait = limit.secondsUntilToken(tokens);
            if (wait > retryAfter) {
                refused = limit.name();
                retryAfter = wait;
            }
            after[i] = tokens - 1;
        }
        if (refused != null) {
            return new Opening.Limited(refused, retryAfter);
        }
        // Locked after the buckets, always in this order, so sends sharing both never deadlock.
        SendDayEntity day = em.find(SendDayEntity.class, budget.day(), LockModeType.PESSIMISTIC_WRITE);
        if (day == null) {
            day = new SendDayEntity(budget.day());
            em.persist(day);
            em.flush();
        }
        if (day.sends() >= budget.perDay()) {
            return new Opening.Limited(DAILY_BUDGET, budget.retryAfterSeconds());
        }
        day.addOne();
        for (int i = 0; i < buckets.size(); i++) {
            buckets.get(i).set(after[i], now);
        }

        em.createQuery("UPDATE OtpChallenge c SET c.status = :superseded WHERE c.phoneE164 = :phone"
                + " AND c.status IN :open")
                .setParameter("superseded", ChallengeStatus.SUPERSEDED).setParameter("phone", phoneE164)
                .setParameter("open", OPEN).executeUpdate();
        ChallengeEntity challenge = new ChallengeEntity(challengeId, phoneE164, codeHmac, provider, now,
                now + validForMillis);
        em.persist(challenge);
        return new Opening.Opened(challenge.toChallenge(), day.sends());
    }

    /**
     * Records what came of sending: which provider sent it and, when that provider only delivered Nerava's code,
     * the code's HMAC (null when a verification service owns the code). A challenge superseded meanwhile stays so.
     */
    public void markDelivery(String challengeId, boolean delivered, String provider, String codeHmac) {
        jpa.tx(TransactionType.Required, em -> em.createQuery("UPDATE OtpChallenge c SET c.status = :status,"
                + " c.provider = :provider, c.codeHmac = :hmac WHERE c.id = :id AND c.status = :sending")
                .setParameter("status", delivered ? ChallengeStatus.SENT : ChallengeStatus.FAILED)
                .setParameter("provider", provider).setParameter("hmac", codeHmac)
                .setParameter("id", challengeId).setParameter("sending", ChallengeStatus.SENDING).executeUpdate());
    }

    /**
     * The challenge a code is checked against: the phone's open one (there is at most one), else its newest used
     * one, so that a driver re-sending a used code is told so.
     */
    public Optional<Challenge> currentChallenge(String phoneE164) {
        return jpa.txExpr(TransactionType.Required, em -> newest(em, phoneE164, OPEN)
                .or(() -> newest(em, phoneE164, List.of(ChallengeStatus.VERIFIED))));
    }

    private static Optional<Challenge> newest(EntityManager em, String phoneE164, List<ChallengeStatus> statuses) {
        return em.createQuery("SELECT c FROM OtpChallenge c WHERE c.phoneE164 = :phone AND c.status IN :statuses"
                + " ORDER BY c.createdAt DESC", ChallengeEntity.class)
                .setParameter("phone", phoneE164).setParameter("statuses", statuses)
                .setMaxResults(1).getResultList().stream().findFirst().map(ChallengeEntity::toChallenge);
    }

    /**
     * Counts one attempt, committed before the code is compared, so that no number of parallel guesses gets more
     * than {@code maxAttempts} comparisons.
     *
     * @return whether the attempt may go ahead (false: locked, expired or no longer open)
     */
    public boolean countAttempt(String challengeId, int maxAttempts, long now) {
        int updated = jpa.txExpr(TransactionType.Required, em -> em.createQuery("UPDATE OtpChallenge c"
                + " SET c.attempts = c.attempts + 1 WHERE c.id = :id AND c.attempts < :max AND c.status IN :open"
                + " AND c.expiresAt > :now")
                .setParameter("id", challengeId).setParameter("max", maxAttempts).setParameter("open", OPEN)
                .setParameter("now", now).executeUpdate());
        return updated == 1;
    }

    public Optional<Challenge> challenge(String challengeId) {
        return jpa.txExpr(TransactionType.Required,
                em -> Optional.ofNullable(em.find(ChallengeEntity.class, challengeId)).map(ChallengeEntity::toChallenge));
    }

    /**
     * Uses the challenge and signs its phone in, all or nothing: only one caller can move a challenge to VERIFIED,
     * so a code checked correctly by twenty requests at once yields one session.
     *
     * @return the sign-in, or empty when another request used the challenge first
     */
    public Optional<SignIn> consumeAndSignIn(String challengeId, String phoneE164, String tokenSha256, long now,
            long sessionMillis) {
        return jpa.txExpr(TransactionType.Required, em -> {
            int consumed = em.createQuery("UPDATE OtpChallenge c SET c.status = :verified, c.consumedAt = :now"
                    + " WHERE c.id = :id AND c.status IN :open")
                    .setParameter("verified", ChallengeStatus.VERIFIED).setParameter("now", now)
                    .setParameter("id", challengeId).setParameter("open", OPEN).executeUpdate();
            if (consumed != 1) {
                return Optional.empty();
            }
            List<DriverEntity> found = em.createQuery("SELECT d FROM Driver d WHERE d.phoneE164 = :phone",
                    DriverEntity.class).setParameter("phone", phoneE164).getResultList();
            boolean created = found.isEmpty();
            DriverEntity driver = created
                    ? new DriverEntity(UUID.randomUUID().toString(), UUID.randomUUID().toString(), phoneE164, "phone", now)
                    : found.get(0);
            if (created) {
                em.persist(driver);
            }
            em.persist(new SessionEntity(tokenSha256, driver.id(), now, now + sessionMillis));
            return Optional.of(new SignIn(driver.toDriver(), created));
        });
    }

    /** The driver whose unexpired, unrevoked session has this token hash. */
    public Optional<Driver> sessionDriver(String tokenSha256, long now) {
        return jpa.txExpr(TransactionType.Required, em -> em.createNamedQuery(SessionEntity.LIVE_SESSION_DRIVER,
                DriverEntity.class)
                .setParameter("hash", tokenSha256).setParameter("now", now)
                .getResultList().stream().findFirst().map(DriverEntity::toDriver));
    }

    /** @return whether a live session was revoked */
    public boolean revokeSession(String tokenSha256, long now) {
        int updated = jpa.txExpr(TransactionType.Required, em -> em.createQuery("UPDATE DriverSession s"
                + " SET s.revokedAt = :now WHERE s.tokenSha256 = :hash AND s.revokedAt IS NULL")
                .setParameter("now", now).setParameter("hash", tokenSha256).executeUpdate());
        return updated == 1;
    }

    /** The driver with this phone, created when there is none; a concurrent creation of the same one is re-read. */
    public Driver findOrCreateDriver(String phoneE164, long now) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jpa.txExpr(TransactionType.Required, em -> {
                    List<DriverEntity> found = em.createQuery("SELECT d FROM Driver d WHERE d.phoneE164 = :phone",
                            DriverEntity.class).setParameter("phone", phoneE164).getResultList();
                    if (!found.isEmpty()) {
                        return found.get(0).toDriver();
                    }
                    DriverEntity driver = new DriverEntity(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                            phoneE164, "phone", now);
                    em.persist(driver);
                    return driver.toDriver();
                });
            } catch (PersistenceException e) {
                if (attempt >= 2) {
                    throw e;
                }
            }
        }
    }

    public Optional<Driver> driverByPublicId(String publicId) {
        return jpa.txExpr(TransactionType.Required, em -> em.createQuery("SELECT d FROM Driver d"
                + " WHERE d.publicId = :id", DriverEntity.class).setParameter("id", publicId)
                .getResultList().stream().findFirst().map(DriverEntity::toDriver));
    }

    /**
     * Deletes what can never be used again: challenges and sessions that ended more than {@code keepMillis} ago, send
     * buckets that are full again, and the daily budget's counts of days before that.
     *
     * @return rows deleted
     */
    public int purge(long now, long keepMillis) {
        long before = now - keepMillis;
        return jpa.txExpr(TransactionType.Required, em ->
                em.createQuery("DELETE FROM OtpChallenge c WHERE c.expiresAt < :before")
                        .setParameter("before", before).executeUpdate()
                + em.createQuery("DELETE FROM DriverSession s WHERE s.expiresAt < :before")
                        .setParameter("before", before).executeUpdate()
                // A bucket untouched for an hour has refilled completely: the same as no bucket at all.
                + em.createQuery("DELETE FROM OtpRateBucket b WHERE b.refilledAt < :hourAgo")
                        .setParameter("hourAgo", now - 3_600_000L).executeUpdate()
                // Yesterday's count still answers "how many were sent"; older days only take room.
                + em.createQuery("DELETE FROM OtpSendDay d WHERE d.day < :dayBefore")
                        .setParameter("dayBefore", SendBudget.of(1, before).day()).executeUpdate());
    }
}
