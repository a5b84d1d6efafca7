package org.nerava.auth.internal.provider;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.nerava.auth.internal.settings.AuthSettings;
import org.nerava.auth.internal.settings.CurrentAuthSettings;
import org.nerava.otp.guard.CircuitBreaker;
import org.nerava.otp.guard.ProviderGuard;
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
 * waiting). The mechanism is one {@link ProviderGuard} per provider id (the library the provider test kit runs too);
 * this class is the policy around it: settings, counters, meters, the log. Knows nothing of binding or of the chain:
 * that is the {@link OtpProviderRegistry}.
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
     * Calls a provider off the caller's thread with the configured deadline, through its {@link ProviderGuard}: the
     * result fails with an {@link OtpProviderException} with a reason (see {@link ProviderGuard#call}).
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
        return counts.guard.call(current.providerTimeout(), () -> call.apply(provider), new ProviderGuard.Observer() {
            @Override
            public String operation() {
                return operation;
            }

            @Override
            public void circuitOpen(OtpProviderException why) {
                timeCall(provider.id(), operation, "circuit_open", started);
            }

            @Override
            public void admitted() {
                counts.called();
            }

            @Override
            public void refused(OtpProviderException why) {
                counts.refused();
                timeCall(provider.id(), operation, "refused", started);
            }

            @Override
            public void answered() {
                counts.answered();
                timeCall(provider.id(), operation, "ok", started);
            }

            @Override
            public void failed(OtpProviderException problem) {
                timeCall(provider.id(), operation, problem.reason().name().toLowerCase(Locale.ROOT), started);
                if (problem.isProviderFault()) {
                    counts.failed(problem.reason(), operation + ": " + problem.reason() + " " + problem.getMessage(),
                            clock.instant());
                    LOG.warn("OTP provider '{}' {} failed: {} {}", provider.id(), operation, problem.reason(),
                            problem.getMessage());
                } else {
                    counts.answered(); // the provider answered; the answer was about the number
                }
            }
        }, faultIn);
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
        ProviderStats known = stats.get(id);
        if (known != null) {
            known.guard.abandonCalls();
        }
    }

    /** Calls, failures, circuit and bulkhead of a provider id, kept across unbind and rebind. */
    ProviderStats statsOf(String id) {
        ProviderStats known = stats.get(id);
        if (known != null) {
            return known;
        }
        AuthSettings current = applied;
        ProviderStats created = stats.computeIfAbsent(id, key -> new ProviderStats(new ProviderGuard(key, threads,
                clock, current.providerThreads(), current.providerQueue(), current.breakerFailureThreshold(),
                current.breakerOpenFor(), (from, to, why) -> circuitChanged(key, to, why))));
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
                    statsOf(id).guard.openUntil());
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
        return statsOf(id).guard.circuit().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Calls of this provider abandoned after their deadline whose code has not returned yet. */
    int stuckCallsOf(String id) {
        ProviderStats known = stats.get(id);
        return known == null ? 0 : known.guard.stuckCalls();
    }

    /** Resizes the bulkheads and reconfigures the breakers when the settings changed since the last call. */
    private AuthSettings follow(AuthSettings current) {
        AuthSettings previous = applied;
        if (current == previous) {
            return current;
        }
        synchronized (this) {
            stats.values().forEach(s -> s.guard.resize(current.providerThreads(), current.providerQueue(),
                    current.breakerFailureThreshold(), current.breakerOpenFor()));
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
                    return switch (s.guard.circuit()) {
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
}
