package org.nerava.auth.internal.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes newly registered provider services on threads of its own. Taking the service of a Declarative Services
 * delayed component activates it: the provider's constructor and {@code @Activate} run in that call. Done in a bind
 * method, they would run on whichever thread registered the service (the {@code deploy/} scanner, a
 * {@code bundle:start}, Config Admin's update), and a provider that blocks there would freeze it and everything queued
 * behind it. Here such a provider blocks one thread of ours: it is listed {@code activating} until its activation
 * returns, then bound, or {@code failed} with its bundle and the cause.
 *
 * @param <R> what identifies a registration (a {@code ServiceReference} in the container)
 */
final class ProviderActivations<R> {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderActivations.class);

    /** How services are taken and given back, and why one could not be taken. */
    interface Services<R> {
        /** @return the service object, or null when its activation failed */
        Object take(R registration);

        void giveBack(R registration);

        /** One line saying why the last activation failed, or null when that is not known. */
        String failureOf(R registration);

        /** The bundle that registered it, for operators: symbolic name, version, id. */
        String bundleOf(R registration);
    }

    /** A provider taken on and not bound (yet). */
    record Pending(String id, ProviderKind kind, String bundle, Instant since, String failure) {
        boolean failed() {
            return failure != null;
        }
    }

    /** A provider whose activation returned: what the registry binds. */
    record Taken<R>(R registration, BoundProvider provider) {
    }

    private final Services<R> services;
    private final Executor threads;
    private final Clock clock;
    private final Consumer<Taken<R>> onTaken;
    private final Map<R, Pending> pending = new ConcurrentHashMap<>();
    private final Map<R, Object> taken = new ConcurrentHashMap<>();

    /**
     * @param threads one thread per activation at least: a provider that never returns must not hold up the next
     * @param onTaken called, under this object's lock, with each provider whose activation returned
     */
    ProviderActivations(Services<R> services, Executor threads, Clock clock, Consumer<Taken<R>> onTaken) {
        this.services = services;
        this.threads = threads;
        this.clock = clock;
        this.onTaken = onTaken;
    }

    /**
     * Starts taking the service on a thread of ours and returns at once.
     *
     * @param warnAfter how long an activation may take before the log says which provider is holding it
     */
    void takeOn(R registration, String id, ProviderKind kind, Duration warnAfter) {
        Pending waiting = new Pending(id, kind, services.bundleOf(registration), clock.instant(), null);
        pending.put(registration, waiting);
        try {
            threads.execute(() -> activate(registration, waiting));
        } catch (RejectedExecutionException e) {
            pending.remove(registration, waiting); // closing
            return;
        }
        CompletableFuture.delayedExecutor(warnAfter.toMillis(), TimeUnit.MILLISECONDS, threads).execute(() -> {
            if (pending.get(registration) == waiting) {
                LOG.warn("OTP provider '{}' of bundle {} is still activating after {} ms: it stays out of sign-in"
                        + " until its activation returns (only its own activation thread waits)", id, waiting.bundle(),
                        warnAfter.toMillis());
            }
        });
    }

    private void activate(R registration, Pending waiting) {
        Object service;
        try {
            service = services.take(registration);
        } catch (RuntimeException e) {
            failed(registration, waiting, e.toString());
            return;
        }
        if (service == null) {
            String cause = services.failureOf(registration);
            failed(registration, waiting, cause == null ? "its activation failed (the container's log has why)" : cause);
            return;
        }
        boolean wanted;
        synchronized (this) {
            wanted = pending.remove(registration, waiting);
            if (wanted) {
                taken.put(registration, service);
                onTaken.accept(new Taken<>(registration, new BoundProvider(waiting.id(), waiting.kind(), service)));
            }
        }
        if (!wanted) {
            services.giveBack(registration); // unregistered while it was activating
        }
    }

    private void failed(R registration, Pending waiting, String cause) {
        Pending failed = new Pending(waiting.id(), waiting.kind(), waiting.bundle(), waiting.since(), cause);
        if (pending.replace(registration, waiting, failed)) {
            LOG.warn("OTP provider '{}' of bundle {} failed to activate: {}", waiting.id(), waiting.bundle(), cause);
        }
    }

    /**
     * The registration went away: forgets it, and gives its service back when it was taken.
     *
     * @return the service the registry had bound for it, or null when it never got that far
     */
    Object forget(R registration) {
        Object service;
        synchronized (this) {
            pending.remove(registration);
            service = taken.remove(registration);
        }
        if (service != null) {
            services.giveBack(registration);
        }
        return service;
    }

    /** Every provider activating or failed, for listings. */
    List<Pending> pending() {
        return List.copyOf(pending.values());
    }
}
