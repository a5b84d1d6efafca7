package org.nerava.otp.testkit;

import java.time.Duration;

/**
 * The limits Nerava's auth feature puts on every provider (keys of PID {@code org.nerava.auth}).
 *
 * @param deadline {@code providerTimeoutMillis}: how long a call may take before its caller gets TIMEOUT
 * @param threads {@code providerThreads}: how many calls of one provider run at once
 * @param queue {@code providerQueue}: how many more wait for one of those threads
 * @param breakerThreshold {@code breakerFailureThreshold}: faults in a row that open the circuit
 * @param breakerOpenFor {@code breakerOpenSeconds}: how long an open circuit refuses calls before one probe
 */
public record GuardLimits(Duration deadline, int threads, int queue, int breakerThreshold, Duration breakerOpenFor) {

    /** What a server runs with unless its operator changed it. */
    public static final GuardLimits NERAVA_DEFAULTS =
            new GuardLimits(Duration.ofSeconds(10), 4, 32, 5, Duration.ofSeconds(30));

    public GuardLimits withDeadline(Duration next) {
        return new GuardLimits(next, threads, queue, breakerThreshold, breakerOpenFor);
    }
}
