package org.nerava.otp.guard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

import org.nerava.otp.spi.OtpProviderException;

/**
 * One provider's guard: its circuit breaker, its bulkhead (its share of the threads that run provider code) and the
 * calls it has in flight. A call goes out only through the closed (or probing) breaker and a place in the bulkhead,
 * runs on the bulkhead's thread, and gets a deadline; whatever happens, it ends in an {@link OtpProviderException}
 * with a reason or in the provider's answer. This is the mechanism; what to count, log and measure is the caller's
 * policy, told through an {@link Observer}.
 */
public final class ProviderGuard {

    /** What became of a call, for the caller's counts, meters and log. Called on whatever thread ended the call. */
    public interface Observer {

        /** What the call does ({@code deliver}, {@code diagnose}...), named in the circuit's reasons; null: unnamed. */
        default String operation() {
            return null;
        }

        /** The call was refused at once: the provider's circuit is open (or its one probe is out). */
        default void circuitOpen(OtpProviderException why) {
        }

        /** The call got a place in the bulkhead (running or waiting). */
        default void admitted() {
        }

        /** The call never reached the provider: its bulkhead was full, or it waited there past its deadline. */
        default void refused(OtpProviderException why) {
        }

        /** The provider answered. */
        default void answered() {
        }

        /**
         * The call reached the provider and failed, or its answer reported a fault (see
         * {@link ProviderGuard#call(Duration, Supplier, Observer, Function)}); {@link OtpProviderException#isProviderFault()}
         * tells whose fault.
         */
        default void failed(OtpProviderException problem) {
        }
    }

    private final String id;
    private final Clock clock;
    private final CircuitBreaker breaker;
    private final ProviderBulkhead bulkhead;
    /** Calls not yet answered: failed at once when the provider goes away. */
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();

    /**
     * @param id the provider's {@code otp.provider} id, for messages
     * @param threads where calls run; the bulkhead bounds how many of this provider's calls it is given, so it should
     *        not bound them itself (a shared unbounded pool whose idle threads end is what Nerava uses)
     */
    public ProviderGuard(String id, Executor threads, Clock clock, int maxRunning, int maxWaiting,
            int breakerThreshold, Duration breakerOpenFor) {
        this(id, threads, clock, maxRunning, maxWaiting, breakerThreshold, breakerOpenFor, CircuitBreaker.Changes.NONE);
    }

    /** @param circuitChanges told of each change of the circuit once (to log and count it) */
    public ProviderGuard(String id, Executor threads, Clock clock, int maxRunning, int maxWaiting,
            int breakerThreshold, Duration breakerOpenFor, CircuitBreaker.Changes circuitChanges) {
        this.id = id;
        this.clock = clock;
        this.breaker = new CircuitBreaker(breakerThreshold, breakerOpenFor, circuitChanges);
        this.bulkhead = new ProviderBulkhead(threads, maxRunning, maxWaiting);
    }

    /** New limits for the calls admitted from now on. */
    public void resize(int maxRunning, int maxWaiting, int breakerThreshold, Duration breakerOpenFor) {
        breaker.configure(breakerThreshold, breakerOpenFor);
        bulkhead.resize(maxRunning, maxWaiting);
    }

    /**
     * Calls the provider off the caller's thread. The result fails with an {@link OtpProviderException}: TIMEOUT when
     * the deadline passes while the provider has the call (a thread still in its code is interrupted, and counted
     * stuck until it returns); UNAVAILABLE when the circuit is open, the bulkhead is full, the call waited in the
     * bulkhead past its deadline (it never reached the provider, so falling back is safe), the provider went away
     * ({@link #abandonCalls()}), or the provider threw, returned null or failed with anything else.
     */
    public <T> CompletableFuture<T> call(Duration deadline, Supplier<? extends CompletionStage<T>> call,
            Observer observer) {
        return call(deadline, call, observer, value -> null);
    }

    /**
     * As {@link #call(Duration, Supplier, Observer)}, where an answer may itself say the provider is failing (an
     * unhealthy diagnosis): {@code faultIn} gives the fault an answer reports, null when it reports none. Such an
     * answer is returned as it is, told to the observer as a failure and fed to the circuit as a fault, so a failing
     * check never closes a circuit. Only the half-open probe decides a half-open circuit.
     */
    public <T> CompletableFuture<T> call(Duration deadline, Supplier<? extends CompletionStage<T>> call,
            Observer observer, Function<T, OtpProviderException> faultIn) {
        CircuitBreaker.Permit permit = breaker.tryAcquire(clock.millis());
        if (permit == null) {
            OtpProviderException open = new OtpProviderException(OtpProviderException.Reason.UNAVAILABLE, null,
                    "circuit open after repeated failures; next probe after " + openUntil(),
                    null);
            observer.circuitOpen(open);
            return CompletableFuture.failedFuture(open);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        ProviderBulkhead.Ticket ticket;
        try {
            ticket = bulkhead.admit(() -> run(call, result));
        } catch (RejectedExecutionException e) {
            breaker.probeNotSent(permit);
            OtpProviderException busy = new OtpProviderException(OtpProviderException.Reason.UNAVAILABLE, null,
                    "provider '" + id + "' is busy: " + e.getMessage(), null);
            observer.refused(busy);
            return CompletableFuture.failedFuture(busy);
        }
        observer.admitted();
        inFlight.add(result);
        result.whenComplete((value, failure) -> inFlight.remove(result));
        long deadlineMillis = deadline.toMillis();
        return result.orTimeout(deadlineMillis, TimeUnit.MILLISECONDS).handle((value, failure) -> {
            if (failure == null) {
                OtpProviderException reported = faultIn.apply(value);
                if (reported == null) {
                    breaker.onSuccess(permit);
                    observer.answered();
                } else {
                    breaker.onFault(permit, clock.millis(), describe(observer, reported));
                    observer.failed(reported);
                }
                return value;
            }
            if (ticket.abandon() == ProviderBulkhead.Abandoned.NEVER_STARTED) {
                // Waited for a thread of the provider's share and never got one: nothing was sent.
                breaker.probeNotSent(permit);
                OtpProviderException busy = new OtpProviderException(OtpProviderException.Reason.UNAVAILABLE, null,
                        "provider '" + id + "' is busy: no thread of its share within " + deadlineMillis
                                + " ms; the call was never made", unwrap(failure));
                observer.refused(busy);
                throw new CompletionException(busy);
            }
            OtpProviderException problem = asProviderException(unwrap(failure), deadlineMillis);
            if (problem.isProviderFault()) {
                breaker.onFault(permit, clock.millis(), describe(observer, problem));
            } else {
                breaker.onSuccess(permit); // the provider answered; the answer was about the number
            }
            observer.failed(problem);
            throw new CompletionException(problem);
        });
    }

    private static String describe(Observer observer, OtpProviderException problem) {
        String operation = observer.operation();
        return (operation == null ? "" : operation + ": ") + problem.reason() + " " + problem.getMessage();
    }

    /**
     * Fails every call still waiting for this provider: it went away and will never answer them, so their callers
     * hear at once (and sign-in can fall back) instead of waiting for the deadline.
     */
    public void abandonCalls() {
        for (CompletableFuture<?> call : inFlight) {
            call.completeExceptionally(new OtpProviderException(OtpProviderException.Reason.UNAVAILABLE, null,
                    "provider '" + id + "' was removed while the call was in flight", null));
        }
    }

    public CircuitBreaker.State circuit() {
        return breaker.state(clock.millis());
    }

    /** When an open circuit lets its next probe through. */
    public Instant openUntil() {
        return Instant.ofEpochMilli(breaker.openUntil());
    }

    /** Calls abandoned after their deadline whose code has not returned yet: they hold threads of the share. */
    public int stuckCalls() {
        return bulkhead.stuckCalls();
    }

    private static <T> void run(Supplier<? extends CompletionStage<T>> call, CompletableFuture<T> result) {
        try {
            CompletionStage<T> stage = call.get();
            if (stage == null) {
                result.completeExceptionally(new OtpProviderException(OtpProviderException.Reason.UNAVAILABLE,
                        "provider returned no result"));
            } else {
                stage.whenComplete((value, failure) -> {
                    if (failure == null) {
                        result.complete(value);
                    } else {
                        result.completeExceptionally(failure);
                    }
                });
            }
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
        }
    }

    private static OtpProviderException asProviderException(Throwable failure, long deadlineMillis) {
        if (failure instanceof OtpProviderException known) {
            return known;
        }
        if (failure instanceof TimeoutException) {
            return new OtpProviderException(OtpProviderException.Reason.TIMEOUT, null,
                    "no answer within " + deadlineMillis + " ms", failure);
        }
        if (failure instanceof CancellationException) {
            return new OtpProviderException(OtpProviderException.Reason.UNAVAILABLE, null, "call cancelled", failure);
        }
        return new OtpProviderException(OtpProviderException.Reason.UNAVAILABLE, null,
                failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage()),
                failure);
    }

    /** The failure behind the wrappers futures put around it (this library depends on nothing but the SPI). */
    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
