package org.nerava.rest.internal.runtime;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Whether the boot is over as far as paths are concerned: until then, a path nobody serves may belong to a feature
 * still coming and answers {@code 503 starting}; from then on it is a plain 404.
 *
 * <p>Karaf's {@code BootFinished} alone comes too early: it says the boot features are installed, and their
 * components still activate after it (a persistence unit waits for its schema's migration, then its store, then the
 * resource; measured up to a few hundred ms after it, longer on a first boot against a remote PostgreSQL). So the
 * boot is over once {@code BootFinished} is seen, the schemas are migrated, and no service has come or gone for
 * {@link #QUIET}; or, whatever else, {@link #LIMIT} after {@code BootFinished} (a database that cannot be reached must
 * not make every unknown path answer 503 for ever). Once over, it stays over.
 */
final class BootSettling {

    static final Duration QUIET = Duration.ofMillis(1500);
    static final Duration LIMIT = Duration.ofSeconds(60);

    private final LongSupplier nanoTime;
    private final BooleanSupplier schemasMigrated;
    private volatile long bootFinishedAt;
    private volatile boolean bootFinished;
    private volatile long lastServiceChangeAt;
    private volatile boolean over;

    BootSettling(LongSupplier nanoTime, BooleanSupplier schemasMigrated) {
        this.nanoTime = nanoTime;
        this.schemasMigrated = schemasMigrated;
        this.lastServiceChangeAt = nanoTime.getAsLong();
    }

    /**
     * Whether a runtime activating now comes after the container's boot (a refresh or update of its bundle) rather
     * than during one. {@code BootFinished} alone does not say so: on a restart Karaf registers it as soon as its
     * features service starts (the boot features are already installed), long before the product's bundles start.
     * While the framework's active start level has not gone past the runtime's own bundle's, the framework is still
     * starting the bundles of that level: a boot. (The framework's beginning start level cannot be read instead:
     * Karaf launches the framework at level 1 and raises it itself.)
     */
    static boolean afterBoot(boolean bootFinishedRegistered, int activeStartLevel, int ownStartLevel) {
        return bootFinishedRegistered && activeStartLevel > ownStartLevel;
    }

    /**
     * The runtime started after the container's boot (a refresh or update of this bundle): nothing of a boot is
     * coming, so the boot is over at once. (Waiting for a quiet moment here made /readyz 503 for a minute while
     * features were being installed and uninstalled, HotDeployTest.)
     */
    void startedAfterBoot() {
        bootFinished();
        over = true;
    }

    /** Karaf registered {@code BootFinished}. */
    void bootFinished() {
        if (!bootFinished) {
            bootFinishedAt = nanoTime.getAsLong();
            bootFinished = true;
        }
    }

    /** Some service was registered, modified or unregistered. */
    void serviceChanged() {
        if (!over) {
            lastServiceChangeAt = nanoTime.getAsLong();
        }
    }

    boolean over() {
        if (over) {
            return true;
        }
        if (!bootFinished) {
            return false;
        }
        long now = nanoTime.getAsLong();
        boolean settled = now - lastServiceChangeAt >= QUIET.toNanos() && schemasMigrated.getAsBoolean();
        if (settled || now - bootFinishedAt >= LIMIT.toNanos()) {
            over = true;
        }
        return over;
    }
}
