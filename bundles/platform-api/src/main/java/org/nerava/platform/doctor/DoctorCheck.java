package org.nerava.platform.doctor;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Checks of one feature, registered as an OSGi service by the bundle that owns what is checked.
 *
 * <p>{@link #check()} runs on a platform thread with a time limit of {@value #TIME_LIMIT_SECONDS} s (a check that
 * overruns is reported as a {@link Finding.State#FAIL}); it reads only and sends nothing (see the package).
 */
@ConsumerType
public interface DoctorCheck {

    /** How long one {@link #check()} may take before the doctor reports it as failed. */
    int TIME_LIMIT_SECONDS = 15;

    /** What this service checks, e.g. {@code otp}: the name under which a check that threw or overran is reported. */
    String name();

    /** One finding or more; never empty. */
    List<Finding> check();
}
