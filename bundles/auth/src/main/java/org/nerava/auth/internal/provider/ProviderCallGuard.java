package org.nerava.auth.internal.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.nerava.auth.internal.settings.AuthSettings;
import org.nerava.auth.internal.settings.CurrentAuthSettings;
import org.nerava.otp.spi.Diagnosis;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.platform.concurrent.DaemonThreads;
import org.nerava.platform.concurrent.Failures;
import org.nerava.platform.metrics.Meters;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a provider is called: on our own threads, within the provider's own bulkhead, with a deadline, behind
 * the provider's circuit breaker, counted and timed. A provider that blocks or never answers holds neither HTTP
 * threads nor another provider's threads: only its own share ({@code providerThreads} running, {@code providerQueue}
 * waiting). Knows nothing of binding or of the chain: that is the {@link OtpProviderRegistry}.
 */
@Component(service = ProviderCallGuard.class)
public class ProviderCallGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderCallGuard.class);

    private final Clock clock;
    private final CurrentAuthSettings settings;
    /**
     * Where provider code runs. Unbounded on purpose: each provider's bulkhead bounds its own calls, so the threads
     * alive are at most the sum of the shares, and idle ones end after a minute.
     */
    private final ThreadPoolExecutor threads;
    private final Map<String, ProviderStats> stats = new ConcurrentHashMap<>();
    /** Calls not yet answered, per provider id: failed at once when their provider goes away. */
    private final Map<String, Set<CompletableFuture<?>>> inFlight = new ConcurrentHashMap<>();
    /** The settings the bulkheads and the breakers were last sized from. */
    private volatile AuthSettings applied;
    /** Optional and dynamic: providers are called the same without the metrics feature. */
    private volatile Meters meters;

    @Activate
    public ProviderCallGuard(@Reference CurrentAuthSettings settings) {
        this(Clock.systemUTC(), settings);
    }

    public ProviderCallGuard(Clock clock, CurrentAuthSettings settings) {
        this.clock = clock;
        this.settings = settings;
        this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                DaemonThreads.numbered("nerava-otp-provider"));
        this.applied = settings.get();
    }

    @Deactivate
    public void close() {
        // Calls still waiting complete with a timeout or cancellation; their requests get a clear 503/504.
        threads.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMeters(Meters bound) {
        meters = bound;
        stats.keySet().forEach(id -> publishGauges(bound, id));
    }

    void unbindMeters(Meters unbound) {
        if (meters == unbound) {
            meters = null;
        }
    }

    /** The deadline a call gets now. */
    public Duration timeout() {
        return settings.get().providerTimeout();
    }

    /**
     * Calls a provider off the caller's thread with the configured deadline. The result fails with an
     * {@link OtpProviderException}: TIMEOUT when the deadline passes while the provider has the call (a thread still
     * in its code is interrupted, and counted stuck until it returns); UNAVAILABLE when its circuit is open, its
     * bulkhead is full, the call waited in the bulkhead past its deadline (it never reached the provider, so falling
     * back is safe), or the provider threw something else.
     */
    public <T> CompletableFuture<T> call(BoundProvider provider, String operation,
            Function<BoundProvider, CompletionStage<T>> call) {
        return call(provider, operation, call, value -> null);
    }

    /**
     * As {@link #call(BoundProvider, String, Function)}, where an answer may itself say the provider is failing:
     * {@code faultIn} gives the fault an answer reports (null when it reports none). Such an answer is returned as it
     * is, and counted, timed and fed to the circuit as a fault: a failing diagnosis never closes a circuit.
     */
    <T> CompletableFuture<T> call(BoundProvider provider, String operation,
            Function<BoundProvider, CompletionStage<T>> call, Function<T, OtpProviderException> faultIn) {
        AuthSettings current = follow(settings.get());
        ProviderStats counts = statsOf(provider.id());
        long started = System.nanoTime();
        CircuitBreaker.Permit permit = counts.breaker.tryAcquire(clock.millis());
        if (permit == null) {
            timeCall(provider.id(), operation, "circuit_open", started);
            return CompletableFuture.failedFuture(new OtpProviderException(OtpProviderException.Reason.UNAVAILABLE,
                    null, "circuit open after repeated failures; next probe after "
                            + Instant.ofEpochMilli(counts.breaker.openUntil()), null));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        ProviderBulkhead.Ticket ticket;
        try {
            ticket = counts.bulkhead.admit(() -> run(provider, call, result));
        } catch (RejectedExecutionException e) {
            counts.breaker.probeNotSent(permit);
            counts.refused();
            timeCall(provider.id(), operation, "refused", started);
            return CompletableFuture.failedFuture(new OtpProviderException(OtpProviderException.Reason.UNAVAILABLE,
                    null, "provider '" + provider.id() + "' is busy: " + e.getMessage(), null));
        }
        counts.called();
        Set<CompletableFuture<?>> pending = inFlight.computeIfAbsent(provider.id(), id -> ConcurrentHashMap.newKeySet());
        pending.add(result);
        result.whenComplete((value, failure) -> pending.remove(result));
        long deadline = current.providerTimeout().toMillis();
        return result.orTimeout(deadline, TimeUnit.MILLISECONDS).handle((value, failure) -> {
            if (failure == null) {
                OtpProviderException reported = faultIn.apply(value);
                if (reported == null) {
                    counts.answered();
                    counts.breaker.onSuccess(permit);
                    timeCall(provider.id(), operation, "ok", started);
                } else {
                    fault(provider.id(), operation, reported, counts, permit, started);
                }
                return value;
            }
            if (ticket.abandon() == ProviderBulkhead.Abandoned.NEVER_STARTED) {
                // Waited for a thread of the provider's share and never got one: nothing was sent.
                counts.breaker.probeNotSent(permit);
                counts.refused();
                timeCall(provider.id(), operation, "refused", started);
                throw new CompletionException(new OtpProviderException(OtpProviderException.Reason.UNAVAILABLE, null,
                        "provider '" + provider.id() + "' is busy: no thread of its share within " + deadline
                                + " ms; the call was never made", Failures.unwrap(failure)));
            }
            OtpProviderException problem = asProviderException(Failures.unwrap(failure), deadline);
            if (problem.isProviderFault()) {
                fault(provider.id(), operation, problem, counts, permit, started);
            } else {
                counts.answered();
                counts.breaker.onSuccess(permit); // the provider answered; the answer was about the number
                timeCall(provider.id(), operation, outcomeOf(problem), started);
            }
            throw new CompletionException(problem);
        });
    }

    private void fault(String id, String operation, OtpProviderException problem, ProviderStats counts,
            CircuitBreaker.Permit permit, long started) {
        timeCall(id, operation, outcomeOf(problem), started);
        String description = operation + ": " + problem.reason() + " " + problem.getMessage();
        counts.failed(problem.reason(), description, clock.instant());
        counts.breaker.onFault(permit, clock.millis(), description);
        LOG.warn("OTP provider '{}' {} failed: {} {}", id, operation, problem.reason(), problem.getMessage());
    }

    private static String outcomeOf(OtpProviderException problem) {
        return problem.reason().name().toLowerCase(Locale.ROOT);
    }

    private static <T> void run(BoundProvider provider, Function<BoundProvider, CompletionStage<T>> call,
            CompletableFuture<T> result) {
        try {
            CompletionStage<T> stage = call.apply(provider);
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

    /**
     * Asks a provider to check its configuration and reachability (it sends nothing), with the usual deadline. The
     * result never fails: a provider that cannot answer is an unhealthy diagnosis saying why.
     */
    public CompletableFuture<Diagnosis> diagnose(BoundProvider provider) {
        return call(provider, "diagnose",
                p -> p.kind() == ProviderKind.VERIFIER ? p.verifier().diagnose() : p.delivery().diagnose(),
                ProviderCallGuard::faultOf)
                .exceptionally(failure -> {
                    Throwable cause = Failures.unwrap(failure);
                    return Diagnosis.unhealthy(cause instanceof OtpProviderException e
                            ? e.reason() + (e.providerCode() == null ? "" : " " + e.providerCode()) + ": " + e.getMessage()
                            : String.valueOf(cause));
                });
    }

    /**
     * The fault an unhealthy diagnosis reports: its {@code reason} detail when it names one (the Twilio providers
     * say MISCONFIGURED or UNAVAILABLE), else UNAVAILABLE: the provider says it cannot serve a sign-in now.
     */
    static OtpProviderException faultOf(Diagnosis diagnosis) {
        if (diagnosis == null) {
            return new OtpProviderException(OtpProviderException.Reason.UNAVAILABLE, "no diagnosis");
        }
        if (diagnosis.healthy()) {
            return null;
        }
        OtpProviderException.Reason reason = OtpProviderException.Reason.UNAVAILABLE;
        Object named = diagnosis.details().get("reason");
        if (named != null) {
            try {
                OtpProviderException.Reason given = OtpProviderException.Reason.valueOf(named.toString());
                if (new OtpProviderException(given, "").isProviderFault()) {
                    reason = given;
                }
            } catch (IllegalArgumentException e) {
                // a reason of the provider's own: unavailable is what it means to sign-in
            }
        }
        Object code = diagnosis.details().get("provider_code");
        return new OtpProviderException(reason, code == null ? null : code.toString(),
                "diagnosis: " + diagnosis.detail(), null);
    }

    /**
     * Fails every call of this provider still waiting: it went away and will never answer them, so their drivers
     * hear at once (and sign-in can fall back) instead of waiting for the deadline.
     */
    void abandonCalls(String id) {
        for (CompletableFuture<?> call : inFlight.getOrDefault(id, Set.of())) {
            call.completeExceptionally(new OtpProviderException(OtpProviderException.Reason.UNAVAILABLE, null,
                    "provider '" + id + "' was removed while the call was in flight", null));
        }
    }

    /** Calls, failures, circuit and bulkhead of a provider id, kept across unbind and rebind. */
    ProviderStats statsOf(String id) {
        ProviderStats known = stats.get(id);
        if (known != null) {
            return known;
        }
        AuthSettings current = applied;
        ProviderStats created = stats.computeIfAbsent(id, key -> new ProviderStats(
                new CircuitBreaker(current.breakerFailureThreshold(), current.breakerOpenFor(),
                        (from, to, why) -> circuitChanged(key, to, why)),
                new ProviderBulkhead(threads, current.providerThreads(), current.providerQueue())));
        publishGauges(meters, id);
        return created;
    }

    /**
     * Each change of a circuit, logged once (WARN when it opens, INFO when it half-opens or closes) and counted in
     * {@code nerava_otp_provider_circuit_changes_total{provider,to}}.
     */
    private void circuitChanged(String id, CircuitBreaker.State to, String why) {
        String state = to.name().toLowerCase(Locale.ROOT).replace('_', '-');
        if (to == CircuitBreaker.State.OPEN) {
            LOG.warn("OTP provider '{}' circuit open: {}; calls refused (sign-in falls back) until {}", id, why,
                    Instant.ofEpochMilli(statsOf(id).breaker.openUntil()));
        } else {
            LOG.info("OTP provider '{}' circuit {}: {}", id, state, why);
        }
        Meters m = meters;
        if (m != null) {
            m.count("nerava.otp.provider.circuit.changes", "Changes of each OTP provider's circuit, by the state it"
                    + " changed to", "provider", id, "to", state);
        }
    }

    /** Why the provider's calls fail for want of configuration, until it answers one; null otherwise. */
    String misconfigurationOf(String id) {
        ProviderStats known = stats.get(id);
        return known == null ? null : known.misconfiguration();
    }

    String circuitOf(String id) {
        return statsOf(id).breaker.state(clock.millis()).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Calls of this provider abandoned after their deadline whose code has not returned yet. */
    int stuckCallsOf(String id) {
        ProviderStats known = stats.get(id);
        return known == null ? 0 : known.bulkhead.stuckCalls();
    }

    /** Resizes the bulkheads and reconfigures the breakers when the settings changed since the last call. */
    private AuthSettings follow(AuthSettings current) {
        AuthSettings previous = applied;
        if (current == previous) {
            return current;
        }
        synchronized (this) {
            stats.values().forEach(s -> {
                s.breaker.configure(current.breakerFailureThreshold(), current.breakerOpenFor());
                s.bulkhead.resize(current.providerThreads(), current.providerQueue());
            });
            applied = current;
        }
        return current;
    }

    /**
     * The circuit of a provider as a gauge (0 closed, 1 half-open: the next call is the probe, 2 open), and its calls
     * stuck past their deadline.
     */
    private void publishGauges(Meters m, String id) {
        if (m == null) {
            return;
        }
        m.gauge("nerava.otp.provider.circuit", "Circuit breaker of each OTP provider: 0 closed, 1 half-open, 2 open",
                () -> {
                    ProviderStats s = stats.get(id);
                    if (s == null) {
                        return 0;
                    }
                    return switch (s.breaker.state(clock.millis())) {
                        case CLOSED -> 0;
                        case HALF_OPEN -> 1;
                        case OPEN -> 2;
                    };
                }, "provider", id);
        m.gauge("nerava.otp.provider.stuck_calls", "OTP provider calls abandoned after their deadline whose thread is"
                + " still in the provider's code (they hold that provider's threads)", () -> stuckCallsOf(id),
                "provider", id);
    }

    private void timeCall(String id, String operation, String outcome, long startedNanos) {
        Meters m = meters;
        if (m != null) {
            m.time("nerava.otp.provider.calls", "OTP provider calls by provider, operation and outcome",
                    Duration.ofNanos(System.nanoTime() - startedNanos),
                    "provider", id, "operation", operation, "outcome", outcome);
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
}
