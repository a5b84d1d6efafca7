package org.nerava.auth.internal.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;
import javax.sql.DataSource;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.nerava.auth.internal.ratelimit.SendBudget;
import org.nerava.auth.internal.ratelimit.SendLimit;
import org.nerava.platform.persistence.MigratedSchema;
import org.nerava.platform.persistence.PlatformDatabase;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Every read and write of the sign-in tables (unit {@value #UNIT}). Each method is one transaction, and every
 * decision that must hold across concurrent requests and nodes is taken by the database, in conditional updates: a
 * token from each send bucket, a send from the day's budget, an attempt at a code, the use of a code. The bucket and
 * budget rows are read and written in SQL rather than as entities, so that taking a token is one statement.
 */
@Component(service = AuthStore.class)
public final class AuthStore {

    public static final String UNIT = "nerava-auth";

    /** The {@link Opening.Limited#limit()} of a send refused because the day's budget is spent. */
    public static final String DAILY_BUDGET = "daily_budget";
    private static final List<ChallengeStatus> OPEN = List.of(ChallengeStatus.SENDING, ChallengeStatus.SENT);
    /** Two first-ever sends can race to create the same bucket row; the loser retries once it exists. */
    private static final int BUCKET_CREATE_TRIES = 3;
    /** An update that found no row, then a read that found it committed meanwhile: the update is tried again. */
    private static final int ROW_RACE_TRIES = 3;

    private final JpaTemplate jpa;
    private final DataSource dataSource;

    /** Never called: referenced so that this component starts only once its tables are migrated. */
    @Reference(target = "(" + MigratedSchema.NAME + "=" + UNIT + ")")
    private MigratedSchema schema;

    @Activate
    public AuthStore(@Reference(target = "(osgi.unit.name=" + UNIT + ")") JpaTemplate jpa,
            @Reference(target = PlatformDatabase.TARGET) DataSource dataSource) {
        this.jpa = jpa;
        this.dataSource = dataSource;
    }

    /**
     * Stores a new challenge for a phone if the cooldown, every limit and the day's budget allow it, taking one token
     * from each limit, counting one send against the budget and superseding the phone's earlier codes. Nothing is
     * taken when any of them refuses.
     *
     * @param phoneLimit the phone's own limit, whose bucket row also guards the phone's cooldown
     * @param sharedLimits the limits other phones share (address, range, global)
     * @param codeHmac the code's HMAC, or null when the provider owns the code
     */
    public Opening openChallenge(String phoneE164, String provider, String codeHmac, String challengeId,
            long now, long validForMillis, long cooldownMillis, SendLimit phoneLimit, List<SendLimit> sharedLimits,
            SendBudget budget) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jpa.txExpr(TransactionType.Required, em -> openChallenge(em, phoneE164, provider, codeHmac,
                        challengeId, now, validForMillis, cooldownMillis, phoneLimit, sharedLimits, budget));
            } catch (Refused refused) {
                // Rolled back: nothing was taken. Which limit to name is read afresh, as the driver should hear it.
                List<SendLimit> all = new ArrayList<>(sharedLimits);
                all.add(phoneLimit);
                return jpa.txExpr(TransactionType.Required, em -> refusal(em, phoneE164, now, cooldownMillis, all,
                        budget));
            } catch (PersistenceException e) {
                if (attempt >= BUCKET_CREATE_TRIES) {
                    throw e;
                }
            }
        }
    }

    /** Ends an opening's transaction with a rollback: a limit, the cooldown or the budget refused. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused() {
            super(null, null, false, false);
        }
    }

    private static Opening openChallenge(EntityManager em, String phoneE164, String provider, String codeHmac,
            String challengeId, long now, long validForMillis, long cooldownMillis, SendLimit phoneLimit,
            List<SendLimit> sharedLimits, SendBudget budget) {
        // Rows are locked in one order by every send, so none deadlock: the phone's bucket, the shared buckets in key
        // order, the day. Every send takes the shared rows, so they come last: each is held only from its update to
        // the commit, not while the phone's challenges are read and written.
        takeToken(em, phoneLimit, now);
        // The phone's bucket row is locked now, so no other send to this phone can pass the cooldown check meanwhile.
        if (inCooldown(em, phoneE164, now, cooldownMillis) > 0) {
            throw new Refused();
        }
        em.createQuery("UPDATE OtpChallenge c SET c.status = :superseded WHERE c.phoneE164 = :phone"
                + " AND c.status IN :open")
                .setParameter("superseded", ChallengeStatus.SUPERSEDED).setParameter("phone", phoneE164)
                .setParameter("open", OPEN).executeUpdate();
        ChallengeEntity challenge = new ChallengeEntity(challengeId, phoneE164, codeHmac, provider, now,
                now + validForMillis);
        em.persist(challenge);
        em.flush();

        List<SendLimit> shared = new ArrayList<>(sharedLimits);
        shared.sort(Comparator.comparing(SendLimit::key));
        for (SendLimit limit : shared) {
            takeToken(em, limit, now);
        }
        return new Opening.Opened(challenge.toChallenge(), countSend(em, budget));
    }

    /**
     * Takes one token from a limit's bucket in one conditional update (refilled as {@link SendLimit#tokensAt} does),
     * which locks the row until the commit; a bucket seen for the first time is created holding the rest.
     *
     * @throws Refused when the bucket has no whole token
     */
    private static void takeToken(EntityManager em, SendLimit limit, long now) {
        double perHour = limit.perHour();
        // The refill in SendLimit.tokensAt's order of operations, so that SQL and Java agree to the last bit.
        String refilled = "LEAST(?, tokens + GREATEST(0, ? - refilled_at) * ? / ?)";
        for (int attempt = 1; attempt <= ROW_RACE_TRIES; attempt++) {
            int taken = em.createNativeQuery("UPDATE otp_rate_bucket SET tokens = " + refilled + " - 1,"
                    + " refilled_at = ? WHERE bucket_key = ? AND " + refilled + " >= 1")
                    .setParameter(1, perHour).setParameter(2, now).setParameter(3, perHour)
                    .setParameter(4, SendLimit.MILLIS_PER_HOUR).setParameter(5, now).setParameter(6, limit.key())
                    .setParameter(7, perHour).setParameter(8, now).setParameter(9, perHour)
                    .setParameter(10, SendLimit.MILLIS_PER_HOUR).executeUpdate();
            if (taken == 1) {
                return;
            }
            double[] bucket = bucket(em, limit.key());
            if (bucket == null) {
                if (limit.perHour() < 1) {
                    throw new Refused();
                }
                // Two first sends may race to create the row: the loser's transaction fails and is retried.
                em.createNativeQuery("INSERT INTO otp_rate_bucket (bucket_key, tokens, refilled_at) VALUES (?, ?, ?)")
                        .setParameter(1, limit.key()).setParameter(2, perHour - 1).setParameter(3, now)
                        .executeUpdate();
                return;
            }
            if (limit.tokensAt(bucket[0], (long) bucket[1], now) < 1) {
                throw new Refused();
            }
            // The row was created and committed by another send between the update and the read: update it now.
        }
        throw new Refused();
    }

    /**
     * Counts one send against the day's budget, in one conditional update that locks the day's row until the commit.
     *
     * @return the day's sends, this one included
     * @throws Refused when the budget is spent
     */
    private static long countSend(EntityManager em, SendBudget budget) {
        for (int attempt = 1; attempt <= ROW_RACE_TRIES; attempt++) {
            int counted = em.createNativeQuery("UPDATE otp_send_day SET sends = sends + 1"
                    + " WHERE send_day = ? AND sends < ?")
                    .setParameter(1, budget.day()).setParameter(2, (long) budget.perDay()).executeUpdate();
            if (counted == 1) {
                return sendsOn(em, budget.day());
            }
            long sends = sendsOn(em, budget.day());
            if (sends < 0) {
                em.createNativeQuery("INSERT INTO otp_send_day (send_day, sends) VALUES (?, 1)")
                        .setParameter(1, budget.day()).executeUpdate();
                return 1;
            }
            if (sends >= budget.perDay()) {
                throw new Refused();
            }
            // Created and committed by another send between the update and the read: update it now.
        }
        throw new Refused();
    }

    /** @return the day's count, or -1 when the day has none yet */
    private static long sendsOn(EntityManager em, String day) {
        List<?> rows = em.createNativeQuery("SELECT sends FROM otp_send_day WHERE send_day = ?")
                .setParameter(1, day).getResultList();
        return rows.isEmpty() ? -1 : ((Number) rows.get(0)).longValue();
    }

    /** A bucket's tokens and last refill, or null when it has none (full). */
    private static double[] bucket(EntityManager em, String key) {
        List<?> rows = em.createNativeQuery("SELECT tokens, refilled_at FROM otp_rate_bucket WHERE bucket_key = ?")
                .setParameter(1, key).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = (Object[]) rows.get(0);
        return new double[] {((Number) row[0]).doubleValue(), ((Number) row[1]).doubleValue()};
    }

    /** Milliseconds until the phone's newest open code allows another send; 0 when it does now. */
    private static long inCooldown(EntityManager em, String phoneE164, long now, long cooldownMillis) {
        List<Long> latest = em.createQuery("SELECT c.createdAt FROM OtpChallenge c WHERE c.phoneE164 = :phone"
                + " AND c.status IN :open ORDER BY c.createdAt DESC", Long.class)
                .setParameter("phone", phoneE164).setParameter("open", OPEN).setMaxResults(1).getResultList();
        return latest.isEmpty() ? 0 : Math.max(0, latest.get(0) + cooldownMillis - now);
    }

    /**
     * Why a send was refused, as it was decided before: the cooldown first, then the limit that frees up last, then
     * the day's budget. Read after the rollback, so the refused send's own updates do not count.
     */
    private static Opening refusal(EntityManager em, String phoneE164, long now, long cooldownMillis,
            List<SendLimit> limits, SendBudget budget) {
        long cooldown = inCooldown(em, phoneE164, now, cooldownMillis);
        if (cooldown > 0) {
            return new Opening.Limited("resend_cooldown", Math.max(1, (cooldown + 999) / 1000));
        }
        String refused = null;
        long retryAfter = 0;
        for (SendLimit limit : limits) {
            double[] bucket = bucket(em, limit.key());
            double tokens = bucket == null ? limit.perHour() : limit.tokensAt(bucket[0], (long) bucket[1], now);
            long wait = limit.secondsUntilToken(tokens);
            if (wait > retryAfter) {
                refused = limit.name();
                retryAfter = wait;
            }
        }
        if (refused != null) {
            return new Opening.Limited(refused, retryAfter);
        }
        if (sendsOn(em, budget.day()) >= budget.perDay()) {
            return new Opening.Limited(DAILY_BUDGET, budget.retryAfterSeconds());
        }
        // Every limit has a token again (refilled since the refusal): the driver may simply try again.
        return new Opening.Limited("busy", 1);
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
        return jpa.txExpr(TransactionType.Required, em -> countAttempt(em, challengeId, maxAttempts, now)) == 1;
    }

    private static int countAttempt(EntityManager em, String challengeId, int maxAttempts, long now) {
        return em.createQuery("UPDATE OtpChallenge c"
                + " SET c.attempts = c.attempts + 1 WHERE c.id = :id AND c.attempts < :max AND c.status IN :open"
                + " AND c.expiresAt > :now")
                .setParameter("id", challengeId).setParameter("max", maxAttempts).setParameter("open", OPEN)
                .setParameter("now", now).executeUpdate();
    }

    /** What came of one attempt at a code Nerava made. */
    public sealed interface Attempt {
        /** Not counted: the challenge was locked, expired or no longer open when the attempt came. */
        record NotCounted() implements Attempt {
        }

        /** Counted, and the code was wrong; {@code attempts} is the challenge's count, this one included. */
        record Wrong(int attempts) implements Attempt {
        }

        /** Counted, the code was right, and the challenge was used to sign in. */
        record Right(SignIn signIn) implements Attempt {
        }
    }

    /**
     * Counts one attempt at a code Nerava checks itself and acts on the comparison, in one transaction: the count,
     * the use of the challenge and the new session commit together, and the caller learns the outcome only after
     * that. The conditional update that counts locks the challenge's row, so parallel attempts take turns and none
     * is compared beyond {@code maxAttempts}, and only one right code can use the challenge.
     *
     * @param tokenSha256 the new session's token hash when the code matched, null when it did not
     */
    public Attempt attemptCode(String challengeId, String phoneE164, int maxAttempts, long now, String tokenSha256,
            long sessionMillis) {
        return jpa.txExpr(TransactionType.Required, em -> {
            if (countAttempt(em, challengeId, maxAttempts, now) != 1) {
                return new Attempt.NotCounted();
            }
            if (tokenSha256 == null) {
                return new Attempt.Wrong(em.createQuery("SELECT c.attempts FROM OtpChallenge c WHERE c.id = :id",
                        Integer.class).setParameter("id", challengeId).getSingleResult());
            }
            return consumeAndSignIn(em, challengeId, phoneE164, tokenSha256, now, sessionMillis)
                    .<Attempt>map(Attempt.Right::new).orElseGet(Attempt.NotCounted::new);
        });
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
        return jpa.txExpr(TransactionType.Required, em -> consumeAndSignIn(em, challengeId, phoneE164, tokenSha256,
                now, sessionMillis));
    }

    private static Optional<SignIn> consumeAndSignIn(EntityManager em, String challengeId, String phoneE164,
            String tokenSha256, long now, long sessionMillis) {
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
    }

    /**
     * The driver whose unexpired, unrevoked session has this token hash. Every authenticated request asks, so it is
     * one statement on a pooled connection in auto-commit: the unit's transaction around it (an EntityManager, a
     * transaction begun and committed) costs more than the query (docs/performance.md).
     */
    public Optional<Driver> sessionDriver(String tokenSha256, long now) {
        // A failure keeps the SQLException as its cause: a database that does not answer is a 503, not a wrong token.
        return PlatformDatabase.read(dataSource, "sign-in database", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT d.id, d.public_id, d.phone_e164, d.auth_provider FROM driver_session s"
                            + " JOIN driver d ON d.id = s.driver_id"
                            + " WHERE s.token_sha256 = ? AND s.revoked_at IS NULL AND s.expires_at > ?")) {
                select.setString(1, tokenSha256);
                select.setLong(2, now);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(new Driver(row.getString(1), row.getString(2), row.getString(3),
                            row.getString(4))) : Optional.empty();
                }
            }
        });
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
