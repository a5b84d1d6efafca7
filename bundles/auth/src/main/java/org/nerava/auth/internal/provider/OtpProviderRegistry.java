package org.nerava.auth.internal.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.nerava.auth.internal.signin.AuthConfig;
import org.nerava.auth.internal.signin.AuthSettings;
import org.nerava.otp.spi.CodeDelivery;
import org.nerava.otp.spi.Diagnosis;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.otp.spi.OtpProviders;
import org.nerava.otp.spi.OtpVerifier;
import org.nerava.platform.metrics.Meters;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every OTP provider service bound right now, the configured order to try them in, and the one way to call them:
 * on a bounded pool of our own threads, with a deadline, so a provider that blocks or never answers holds neither
 * HTTP threads nor anything but its own slot. References are dynamic and optional: providers come and go at run time
 * and sign-in keeps its state.
 */
@Component(service = OtpProviderRegistry.class, configurationPid = {"org.nerava.platform", "org.nerava.auth"})
public class OtpProviderRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(OtpProviderRegistry.class);
    private static final int QUEUE = 512;

    private final Map<String, BoundProvider> bound = new ConcurrentHashMap<>();
    private final Map<String, ProviderStats> stats = new ConcurrentHashMap<>();
    /** Calls not yet answered, per provider id: failed at once when their provider goes away. */
    private final Map<String, Set<CompletableFuture<?>>> inFlight = new ConcurrentHashMap<>();
    private final Clock clock;
    private final ThreadPoolExecutor executor;
    private volatile List<String> chain;
    private volatile Duration timeout;
    private volatile int breakerThreshold;
    private volatile Duration breakerOpenFor;
    /** Optional and dynamic: providers are called the same without the metrics feature. */
    private volatile Meters meters;

    @Activate
    public OtpProviderRegistry(AuthConfig config) {
        this(Clock.systemUTC(), AuthSettings.chainOf(config), timeoutOf(config), Math.max(1, config.providerThreads()));
        configureBreakers(config.breakerFailureThreshold(), Duration.ofSeconds(Math.max(1, config.breakerOpenSeconds())));
    }

    public OtpProviderRegistry(Clock clock, List<String> chain, Duration timeout, int threads) {
        this.clock = clock;
        this.chain = List.copyOf(chain);
        this.timeout = timeout;
        this.breakerThreshold = 5;
        this.breakerOpenFor = Duration.ofSeconds(30);
        AtomicInteger number = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                task -> {
                    Thread thread = new Thread(task, "nerava-otp-provider-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.executor.allowCoreThreadTimeOut(true);
    }

    @Modified
    void modified(AuthConfig config) {
        List<String> next = AuthSettings.chainOf(config);
        if (!next.equals(chain)) {
            LOG.info("OTP providers in order: {} (was {})", next, chain);
        }
        chain = List.copyOf(next);
        timeout = timeoutOf(config);
        configureBreakers(config.breakerFailureThreshold(), Duration.ofSeconds(Math.max(1, config.breakerOpenSeconds())));
        int threads = Math.max(1, config.providerThreads());
        if (threads > executor.getMaximumPoolSize()) {
            executor.setMaximumPoolSize(threads);
            executor.setCorePoolSize(threads);
        } else {
            executor.setCorePoolSize(threads);
            executor.setMaximumPoolSize(threads);
        }
    }

    /** Consecutive faults that open a provider's circuit, and how long it stays open before one probe call. */
    public void configureBreakers(int threshold, Duration openFor) {
        breakerThreshold = Math.max(1, threshold);
        breakerOpenFor = openFor;
        stats.values().forEach(s -> s.breaker.configure(breakerThreshold, breakerOpenFor));
    }

    private ProviderStats statsOf(String id) {
        ProviderStats known = stats.get(id);
        if (known != null) {
            return known;
        }
        ProviderStats created = stats.computeIfAbsent(id,
                key -> new ProviderStats(new CircuitBreaker(breakerThreshold, breakerOpenFor)));
        publishCircuit(meters, id);
        return created;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMeters(Meters bound) {
        meters = bound;
        stats.keySet().forEach(id -> publishCircuit(bound, id));
    }

    void unbindMeters(Meters unbound) {
        if (meters == unbound) {
            meters = null;
        }
    }

    /** The circuit of a provider as a gauge: 0 closed, 1 half-open (the next call is the probe), 2 open. */
    private void publishCircuit(Meters m, String id) {
        if (m != null) {
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
        }
    }

    @Deactivate
    public void close() {
        // Calls still waiting complete with a timeout or cancellation; their requests get a clear 503/504.
        executor.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindVerifier(OtpVerifier verifier, Map<String, Object> properties) {
        bind(new BoundProvider(idOf(properties), ProviderKind.VERIFIER, verifier));
    }

    void unbindVerifier(OtpVerifier verifier, Map<String, Object> properties) {
        unbind(idOf(properties), verifier);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDelivery(CodeDelivery delivery, Map<String, Object> properties) {
        bind(new BoundProvider(idOf(properties), ProviderKind.DELIVERY, delivery));
    }

    void unbindDelivery(CodeDelivery delivery, Map<String, Object> properties) {
        unbind(idOf(properties), delivery);
    }

    public void bind(BoundProvider provider) {
        if (provider.id() == null) {
            LOG.warn("Ignoring an OTP provider service without the {} property", OtpProviders.PROVIDER_PROPERTY);
            return;
        }
        BoundProvider previous = bound.put(provider.id(), provider);
        if (previous != null && previous.service() != provider.service()) {
            LOG.warn("Two OTP provider services claim id '{}'; the newer one is used", provider.id());
        }
        LOG.info("OTP provider '{}' bound ({})", provider.id(), provider.kind());
    }

    public void unbind(String id, Object service) {
        if (id != null) {
            // Only the service being unbound leaves: another service may have claimed the id since.
            BoundProvider[] removed = new BoundProvider[1];
            bound.computeIfPresent(id, (key, current) -> {
                if (current.service() != service) {
                    return current;
                }
                removed[0] = current;
                return null;
            });
            if (removed[0] != null) {
                LOG.info("OTP provider '{}' unbound", id);
                // Its pending calls will never be answered: fail them now so their drivers hear at once (and
                // sign-in can fall back) instead of waiting for the deadline.
                Set<CompletableFuture<?>> pending = inFlight.getOrDefault(id, Set.of());
                for (CompletableFuture<?> call : pending) {
                    call.completeExceptionally(new OtpProviderException(OtpProviderException.Reason.UNAVAILABLE,
                            null, "provider '" + id + "' was removed while the call was in flight", null));
                }
            }
        }
    }

    /** The configured providers, active first, then the fallbacks in order. */
    public List<String> chain() {
        return chain;
    }

    public Duration timeout() {
        return timeout;
    }

    public Optional<BoundProvider> provider(String id) {
        return Optional.ofNullable(id == null ? null : bound.get(id));
    }

    /** Ids of every provider bound or configured, for completion and listings. */
    public List<String> knownIds() {
        TreeSet<String> ids = new TreeSet<>(bound.keySet());
        ids.addAll(chain);
        return new ArrayList<>(ids);
    }

    /**
     * Calls a provider off the caller's thread with the configured deadline. The result fails with an
     * {@link OtpProviderException}: TIMEOUT when the deadline passes (the call's thread is interrupted), UNAVAILABLE
     * when the provider threw something else or our queue is full.
     */
    public <T> CompletableFuture<T> call(BoundProvider provider, String operation,
            Function<BoundProvider, CompletionStage<T>> call) {
        ProviderStats counts = statsOf(provider.id());
        if (!counts.breaker.tryAcquire(clock.millis())) {
            return CompletableFuture.failedFuture(new OtpProviderException(OtpProviderException.Reason.UNAVAILABLE,
                    null, "circuit open after repeated failures; next probe after "
                            + Instant.ofEpochMilli(counts.breaker.openUntil()), null));
        }
        counts.called();
        long started = System.nanoTime();
        CompletableFuture<T> result = new CompletableFuture<>();
        Set<CompletableFuture<?>> pending = inFlight.computeIfAbsent(provider.id(), id -> ConcurrentHashMap.newKeySet());
        pending.add(result);
        result.whenComplete((value, failure) -> pending.remove(result));
        Future<?> task;
        try {
            task = executor.submit(() -> {
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
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new OtpProviderException(OtpProviderException.Reason.UNAVAILABLE, null,
                    "too many provider calls in flight", e));
            task = null;
        }
        Future<?> submitted = task;
        long deadline = timeout.toMillis();
        return result.orTimeout(deadline, TimeUnit.MILLISECONDS).handle((value, failure) -> {
            if (failure == null) {
                counts.breaker.onSuccess();
                timeCall(provider.id(), operation, "ok", started);
                return value;
            }
            OtpProviderException problem = asProviderException(unwrap(failure), deadline);
            timeCall(provider.id(), operation, problem.reason().name().toLowerCase(Locale.ROOT), started);
            if (problem.isProviderFault()) {
                counts.breaker.onFault(clock.millis());
            } else {
                counts.breaker.onSuccess(); // the provider answered; the answer was about the number
            }
            if (problem.reason() == OtpProviderException.Reason.TIMEOUT && submitted != null) {
                submitted.cancel(true);
            }
            if (problem.isProviderFault()) {
                counts.failed(operation + ": " + problem.reason() + " " + String.valueOf(problem.getMessage()),
                        clock.instant());
                LOG.warn("OTP provider '{}' {} failed: {} {}", provider.id(), operation, problem.reason(),
                        problem.getMessage());
            }
            throw new CompletionException(problem);
        });
    }

    private void timeCall(String id, String operation, String outcome, long startedNanos) {
        Meters m = meters;
        if (m != null) {
            m.time("nerava.otp.provider.calls", "OTP provider calls by provider, operation and outcome",
                    Duration.ofNanos(System.nanoTime() - startedNanos),
                    "provider", id, "operation", operation, "outcome", outcome);
        }
    }

    /**
     * Asks a provider to check its configuration and reachability (it sends nothing), with the usual deadline. The
     * result never fails: a provider that cannot answer is an unhealthy diagnosis saying why.
     */
    public CompletableFuture<Diagnosis> diagnose(BoundProvider provider) {
        return call(provider, "diagnose",
                p -> p.kind() == ProviderKind.VERIFIER ? p.verifier().diagnose() : p.delivery().diagnose())
                .exceptionally(failure -> {
                    Throwable cause = unwrap(failure);
                    return Diagnosis.unhealthy(cause instanceof OtpProviderException e
                            ? e.reason() + (e.providerCode() == null ? "" : " " + e.providerCode()) + ": " + e.getMessage()
                            : String.valueOf(cause));
                });
    }

    /** Every bound or configured provider with its counters, active first, then by chain order and id. */
    public List<ProviderStatus> statuses() {
        List<ProviderStatus> list = new ArrayList<>();
        List<String> order = chain;
        for (String id : knownIds()) {
            BoundProvider provider = bound.get(id);
            ProviderStats counts = statsOf(id);
            int position = order.indexOf(id);
            String circuit = counts.breaker.state(clock.millis()).name().toLowerCase(Locale.ROOT)
                    .replace('_', '-');
            list.add(new ProviderStatus(id, provider == null ? "missing" : "bound",
                    provider == null ? null : provider.kind(), position == 0, position, circuit, counts.calls(),
                    counts.failures(), counts.lastError(), counts.lastErrorAt()));
        }
        list.sort((a, b) -> Integer.compare(rank(a.chainPosition()), rank(b.chainPosition())));
        return list;
    }

    private static int rank(int position) {
        return position < 0 ? Integer.MAX_VALUE : position;
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

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String idOf(Map<String, Object> properties) {
        Object id = properties.get(OtpProviders.PROVIDER_PROPERTY);
        return id == null ? null : id.toString();
    }

    private static Duration timeoutOf(AuthConfig config) {
        return AuthSettings.providerTimeout(config, new ArrayList<>());
    }
}
