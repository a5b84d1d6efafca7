package org.nerava.admin.internal.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.nerava.admin.internal.AdminConfig;
import org.nerava.admin.internal.CurrentAdminSettings;
import org.nerava.admin.internal.guard.FailureStore;
import org.nerava.platform.persistence.MigratedSchema;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Admin sessions in the shared database: the admin console trades a password for a token once, and sends the token
 * afterwards, so the password never stays in the browser. A token is 256 random bits prefixed {@value #PREFIX}; only
 * its SHA-256 is stored (a high-entropy secret needs no slow hash). A session ends after {@code sessionIdleMinutes}
 * unused, {@code sessionMaxHours} after it began, or when revoked; every node honours it.
 */
@Component(service = AdminSessions.class)
public class AdminSessions {

    /** Marks an admin session token, so a driver's bearer token is never looked up as one. */
    public static final String PREFIX = "nas_";
    /** A use moves the idle expiry; written at most this often per session, not on every request. */
    private static final long TOUCH_MILLIS = 60_000;

    /** What {@link #open} gives once: the token (never stored) and the session it opens. */
    public record Opened(String token, AdminSession session) {
    }

    private final JpaTemplate jpa;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final CurrentAdminSettings settings;

    /** Never called: referenced so that this component starts only once its tables are migrated. */
    @Reference(target = "(" + MigratedSchema.NAME + "=" + FailureStore.UNIT + ")")
    private MigratedSchema schema;

    @Activate
    public AdminSessions(@Reference(target = "(osgi.unit.name=" + FailureStore.UNIT + ")") JpaTemplate jpa,
            @Reference CurrentAdminSettings settings) {
        this(jpa, settings, Clock.systemUTC());
    }

    AdminSessions(JpaTemplate jpa, AdminConfig config, Clock clock) {
        this(jpa, CurrentAdminSettings.fixed(config), clock);
    }

    private AdminSessions(JpaTemplate jpa, CurrentAdminSettings settings, Clock clock) {
        this.jpa = jpa;
        this.clock = clock;
        this.settings = settings;
    }

    private long idleMillis() {
        return Math.max(1, settings.get().config().sessionIdleMinutes()) * 60_000L;
    }

    private long maxMillis() {
        return Math.max(1, settings.get().config().sessionMaxHours()) * 3_600_000L;
    }

    public Opened open(String user) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        long now = clock.millis();
        SessionEntity session = new SessionEntity(UUID.randomUUID().toString(), hash(token), user, now,
                now + maxMillis());
        jpa.tx(TransactionType.Required, em -> em.persist(session));
        return new Opened(token, session.toSession(idleMillis()));
    }

    /** The live session this token opened; empty when unknown, revoked, idle too long or past its expiry. */
    public Optional<AdminSession> find(String token) {
        long now = clock.millis();
        return jpa.txExpr(TransactionType.Required, em -> em.createQuery("SELECT s FROM AdminSession s"
                + " WHERE s.tokenHash = :hash", SessionEntity.class).setParameter("hash", hash(token))
                .getResultList().stream().findFirst()
                .filter(session -> session.toSession(idleMillis()).endsAt() > now)
                .map(session -> {
                    if (now - session.lastUsedAt() >= TOUCH_MILLIS) {
                        session.used(now);
                    }
                    return session.toSession(idleMillis());
                }));
    }

    /** Ends the session this token opened; returns whether there was one. */
    public boolean close(String token) {
        return jpa.txExpr(TransactionType.Required, em -> em.createQuery(
                "DELETE FROM AdminSession s WHERE s.tokenHash = :hash").setParameter("hash", hash(token))
                .executeUpdate() > 0);
    }

    /** Ends a session by its id (an operator revoking someone's); returns whether there was one. */
    public boolean revoke(String id) {
        return jpa.txExpr(TransactionType.Required, em -> em.createQuery(
                "DELETE FROM AdminSession s WHERE s.id = :id").setParameter("id", id).executeUpdate() > 0);
    }

    /** Ends every session of a user (a password changed, a person gone); returns how many. */
    public int revokeUser(String user) {
        return jpa.txExpr(TransactionType.Required, em -> em.createQuery(
                "DELETE FROM AdminSession s WHERE s.user = :user").setParameter("user", user).executeUpdate());
    }

    /** The live sessions, newest first; ended ones are deleted on the way. */
    public List<AdminSession> list() {
        long now = clock.millis();
        return jpa.txExpr(TransactionType.Required, em -> {
            em.createQuery("DELETE FROM AdminSession s WHERE s.expiresAt <= :now OR s.lastUsedAt <= :idleSince")
                    .setParameter("now", now).setParameter("idleSince", now - idleMillis()).executeUpdate();
            return em.createQuery("SELECT s FROM AdminSession s ORDER BY s.createdAt DESC", SessionEntity.class)
                    .getResultList().stream().map(session -> session.toSession(idleMillis())).toList();
        });
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
