package org.nerava.admin.internal.guard;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.nerava.admin.internal.AdminConfig;
import org.nerava.admin.internal.CurrentAdminSettings;
import org.nerava.platform.ProblemException;
import org.nerava.platform.audit.AuditOutcome;
import org.nerava.platform.audit.AuditRecord;
import org.nerava.platform.audit.AuditTrail;
import org.nerava.platform.http.ClientAddress;
import org.nerava.platform.metrics.Meters;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows whoever guesses admin passwords: every failed admin sign-in counts against the user name tried and the
 * client address, and past {@link GuessingPolicy#failuresBeforeLock()} both are locked for a time that grows with each
 * further failure. A locked user name or address is answered {@code 429 too_many_attempts} with {@code Retry-After}
 * before any password is checked, the right one included, so the answer never tells whether a guess was right or
 * whether the user exists. The counts live in the shared database: every node sees the same locks.
 */
@Component(service = AdminSignInGuard.class)
public class AdminSignInGuard {

    /** The audit action of a lock put in force. */
    public static final String LOCK_ACTION = "admin.lock";
    /** On /metrics: nerava_admin_sign_in_locks_total. */
    static final String LOCKS_METER = "nerava.admin.sign_in_locks";
    private static final String USER = "user:";
    private static final String ADDRESS = "address:";
    private static final long HOUSEKEEPING_MILLIS = 600_000;

    private static final Logger LOG = LoggerFactory.getLogger(AdminSignInGuard.class);

    private final FailureStore store;
    private final AuditTrail audit;
    private final Clock clock;
    private final CurrentAdminSettings settings;
    private volatile long lastForgotten;

    /** Optional and dynamic: throttling works the same without the metrics feature. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Meters meters;

    @Activate
    public AdminSignInGuard(@Reference FailureStore store, @Reference AuditTrail audit,
            @Reference CurrentAdminSettings settings) {
        this(store, audit, settings, Clock.systemUTC());
    }

    AdminSignInGuard(FailureStore store, AuditTrail audit, AdminConfig config, Clock clock) {
        this(store, audit, CurrentAdminSettings.fixed(config), clock);
    }

    private AdminSignInGuard(FailureStore store, AuditTrail audit, CurrentAdminSettings settings, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
    }

    /** The address a request's failures count against: the peer, or X-Forwarded-For's behind our own proxies. */
    public String clientAddress(String remoteAddress, String forwardedFor) {
        return ClientAddress.of(remoteAddress, forwardedFor, settings.get().trustedProxies());
    }

    /** Refuses with 429 while the user name or the address is locked. */
    public void admit(String user, String address) {
        long now = clock.millis();
        Optional<Lock> lock = store.lockOn(keys(user, address), now);
        if (lock.isPresent()) {
            throw locked(lock.get(), now);
        }
    }

    /**
     * Counts a failed sign-in; when that puts a lock in force, audits and counts it and returns the 429 to answer
     * this very request with (the guesser learns nothing from a 401 first).
     */
    public Optional<ProblemException> failed(String user, String address) {
        long now = clock.millis();
        forgetOldFailures(now);
        List<Lock> locks = store.fail(keys(user, address), settings.get().policy(), now);
        if (locks.isEmpty()) {
            return Optional.empty();
        }
        Lock longest = locks.get(0);
        for (Lock lock : locks) {
            lockPutInForce(lock, now);
            if (lock.lockedUntil() > longest.lockedUntil()) {
                longest = lock;
            }
        }
        return Optional.of(locked(longest, now));
    }

    /** A right password, not locked: the user name's and the address's failures are forgotten. */
    public void succeeded(String user, String address) {
        store.clear(keys(user, address));
    }

    /** Every random user name a guesser tries makes a row: the old ones go, at most once per ten minutes. */
    private void forgetOldFailures(long now) {
        if (now - lastForgotten < HOUSEKEEPING_MILLIS) {
            return;
        }
        lastForgotten = now;
        int forgotten = store.forget(now - settings.get().policy().windowMillis(), now);
        if (forgotten > 0) {
            LOG.debug("Forgot {} user names and addresses whose failed sign-ins are older than the window", forgotten);
        }
    }

    private void lockPutInForce(Lock lock, long now) {
        String scope = lock.key().startsWith(USER) ? "user" : "address";
        String detail = lock.failures() + " failed sign-ins; locked for " + lock.retryAfterSeconds(now) + " s";
        LOG.warn("Admin sign-in locked for {}: {}", lock.key(), detail);
        Meters m = meters;
        if (m != null) {
            m.count(LOCKS_METER, "Admin sign-in locks put in force, by what was locked", "scope", scope);
        }
        try {
            audit.record(new AuditRecord("system", LOCK_ACTION, lock.key(), AuditOutcome.DENIED, detail));
        } catch (RuntimeException e) {
            LOG.warn("Could not audit the lock of {}: {}", lock.key(), e.getMessage());
        }
    }

    private static ProblemException locked(Lock lock, long now) {
        return ProblemException.tooManyRequests("too_many_attempts",
                "too many failed sign-ins; try again later", lock.retryAfterSeconds(now));
    }

    /** The keys a sign-in counts against; a missing user name (malformed credentials) counts against the address. */
    static List<String> keys(String user, String address) {
        String addressKey = ADDRESS + ClientAddress.limitKey(address);
        if (user == null) {
            return List.of(addressKey);
        }
        String name = user.length() <= 200 ? user : user.substring(0, 200);
        return List.of(USER + name, addressKey);
    }
}
