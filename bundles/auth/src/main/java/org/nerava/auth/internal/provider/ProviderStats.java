package org.nerava.auth.internal.provider;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.nerava.otp.guard.ProviderGuard;
import org.nerava.otp.spi.OtpProviderException;

/**
 * Call counts and the guard (circuit breaker, bulkhead) of one provider id; kept across unbind and rebind so an operator sees a
 * flapping provider's history and a provider that comes back does not start with a clean slate.
 */
final class ProviderStats {

    final ProviderGuard guard;

    ProviderStats(ProviderGuard guard) {
        this.guard = guard;
    }

    private record Failure(OtpProviderException.Reason reason, String description, Instant at) {
    }

    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final AtomicReference<Failure> lastFailure = new AtomicReference<>();
    /** The fault since the provider last answered; null once it has. */
    private final AtomicReference<Failure> unanswered = new AtomicReference<>();

    void called() {
        calls.increment();
    }

    void failed(OtpProviderException.Reason reason, String description, Instant at) {
        failures.increment();
        Failure failure = new Failure(reason, description, at);
        lastFailure.set(failure);
        unanswered.set(failure);
    }

    /** The provider answered a call (an answer about the number included): it is reachable and configured. */
    void answered() {
        unanswered.set(null);
    }

    /**
     * Why the provider's last call failed for want of configuration (credentials, a service id), when it has not
     * answered since; null otherwise.
     */
    String misconfiguration() {
        Failure failure = unanswered.get();
        return failure != null && failure.reason() == OtpProviderException.Reason.MISCONFIGURED
                ? failure.description() : null;
    }

    /** A call refused by the provider's bulkhead, or that waited in it past its deadline: it never reached the provider. */
    void refused() {
        refused.increment();
    }

    long refusedCalls() {
        return refused.sum();
    }

    long calls() {
        return calls.sum();
    }

    long failures() {
        return failures.sum();
    }

    String lastError() {
        Failure failure = lastFailure.get();
        return failure == null ? null : failure.description();
    }

    Instant lastErrorAt() {
        Failure failure = lastFailure.get();
        return failure == null ? null : failure.at();
    }
}
