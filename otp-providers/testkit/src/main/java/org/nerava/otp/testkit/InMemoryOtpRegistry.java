package org.nerava.otp.testkit;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.nerava.otp.guard.CircuitBreaker;
import org.nerava.otp.guard.ProviderGuard;
import org.nerava.otp.spi.CodeDelivery;
import org.nerava.otp.spi.CodeMessage;
import org.nerava.otp.spi.Diagnosis;
import org.nerava.otp.spi.OtpCheck;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.otp.spi.OtpReceipt;
import org.nerava.otp.spi.OtpRequest;
import org.nerava.otp.spi.OtpVerifier;

/**
 * Providers called the way sign-in calls them, without a container: each bound provider behind its own
 * {@link ProviderGuard} (the class the auth bundle embeds), so a call runs on a {@code nerava-otp-provider-N} thread
 * within the provider's bulkhead, gets the deadline, and goes through the circuit breaker. What it leaves out is
 * sign-in's policy (the chain, fallback, rate limits, the driver's answer): a provider's tests need its calls, not a
 * server.
 */
public final class InMemoryOtpRegistry implements AutoCloseable {

    private final GuardLimits limits;
    private final Clock clock;
    private final ThreadPoolExecutor threads;
    private final Map<String, Object> providers = new ConcurrentHashMap<>();
    private final Map<String, ProviderGuard> guards = new ConcurrentHashMap<>();

    public InMemoryOtpRegistry() {
        this(GuardLimits.NERAVA_DEFAULTS, Clock.systemUTC());
    }

    public InMemoryOtpRegistry(GuardLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        // As in the server: unbounded, because each provider's bulkhead bounds its own calls.
        this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                numberedDaemons("nerava-otp-provider-"));
    }

    /** Binds a {@link CodeDelivery} or an {@link OtpVerifier} under its {@code otp.provider} id. */
    public InMemoryOtpRegistry bind(String id, Object provider) {
        if (!(provider instanceof CodeDelivery) && !(provider instanceof OtpVerifier)) {
            throw new IllegalArgumentException(provider + " is neither a CodeDelivery nor an OtpVerifier");
        }
        providers.put(id, provider);
        return this;
    }

    /** Unbinds the provider: its calls in flight fail at once with UNAVAILABLE, as when its bundle stops. */
    public void unbind(String id) {
        providers.remove(id);
        ProviderGuard guard = guards.get(id);
        if (guard != null) {
            guard.abandonCalls();
        }
    }

    public CompletableFuture<OtpReceipt> deliver(String id, CodeMessage message) {
        return guardOf(id).call(limits.deadline(), () -> delivery(id).deliver(message), new ProviderGuard.Observer() {
        });
    }

    public CompletableFuture<OtpReceipt> start(String id, OtpRequest request) {
        return guardOf(id).call(limits.deadline(), () -> verifier(id).start(request), new ProviderGuard.Observer() {
        });
    }

    public CompletableFuture<OtpCheck> check(String id, String phoneE164, String code) {
        return guardOf(id).call(limits.deadline(), () -> verifier(id).check(phoneE164, code),
                new ProviderGuard.Observer() {
                });
    }

    /** The provider's diagnosis through the guard; like the server's, it fails only with an OtpProviderException. */
    public CompletableFuture<Diagnosis> diagnose(String id) {
        return guardOf(id).call(limits.deadline(), () -> {
            Object provider = bound(id);
            return provider instanceof OtpVerifier v ? v.diagnose() : ((CodeDelivery) provider).diagnose();
        }, new ProviderGuard.Observer() {
        });
    }

    public CircuitBreaker.State circuit(String id) {
        return guardOf(id).circuit();
    }

    /** Calls abandoned after their deadline whose thread is still in the provider's code. */
    public int stuckCalls(String id) {
        return guardOf(id).stuckCalls();
    }

    public GuardLimits limits() {
        return limits;
    }

    /** Stops the registry's threads (interrupting any still in a provider's code). */
    @Override
    public void close() {
        threads.shutdownNow();
    }

    private ProviderGuard guardOf(String id) {
        return guards.computeIfAbsent(id, key -> new ProviderGuard(key, threads, clock, limits.threads(),
                limits.queue(), limits.breakerThreshold(), limits.breakerOpenFor()));
    }

    private Object bound(String id) {
        Object provider = providers.get(id);
        if (provider == null) {
            throw new OtpProviderException(OtpProviderException.Reason.UNAVAILABLE, "provider '" + id + "' is not bound");
        }
        return provider;
    }

    private CodeDelivery delivery(String id) {
        return (CodeDelivery) bound(id);
    }

    private OtpVerifier verifier(String id) {
        return (OtpVerifier) bound(id);
    }

    private static ThreadFactory numberedDaemons(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return work -> {
            Thread thread = new Thread(work, prefix + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
