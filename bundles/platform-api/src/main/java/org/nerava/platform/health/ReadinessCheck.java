package org.nerava.platform.health;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One component's readiness, registered as an OSGi service by the bundle that owns the component.
 *
 * <p>{@link #check()} runs on a platform thread with a time limit (a check that overruns counts as
 * {@link Readiness.Status#DOWN}); it may touch the database but must not send anything to an external service.
 */
@ConsumerType
public interface ReadinessCheck {

    /** A short, stable name shown in {@code /readyz}, e.g. {@code database} or {@code otp}. */
    String name();

    /**
     * Whether the server is unready while this check is down. Only the database is critical: a degraded OTP
     * provider or an idle analytics sink leaves the rest of the product serving.
     */
    default boolean critical() {
        return false;
    }

    Readiness check();
}
