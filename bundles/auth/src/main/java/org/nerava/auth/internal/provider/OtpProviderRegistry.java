package org.nerava.auth.internal.provider;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.nerava.auth.internal.settings.AuthSettings;
import org.nerava.auth.internal.settings.CurrentAuthSettings;
import org.nerava.platform.fleet.FleetSetting;
import org.nerava.otp.spi.CodeDelivery;
import org.nerava.otp.spi.OtpProviders;
import org.nerava.otp.spi.OtpVerifier;
import org.nerava.platform.concurrent.DaemonThreads;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every OTP provider service bound right now, by its {@code otp.provider} id, and the configured order to try them
 * in. References are dynamic and optional: providers come and go at run time and sign-in keeps its state. A new
 * provider service is taken (which activates it) on a thread of its own ({@link ProviderActivations}), never on the
 * thread that registered it. Calls to a provider go through the {@link ProviderCallGuard}.
 */
@Component(service = OtpProviderRegistry.class)
public class OtpProviderRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(OtpProviderRegistry.class);

    private final Map<String, BoundProvider> bound = new ConcurrentHashMap<>();
    private final CurrentAuthSettings settings;
    private final ProviderCallGuard guard;
    /** Null in unit tests, which bind providers directly. */
    private final ProviderActivations<ServiceReference<?>> activations;
    private final ExecutorService activationThreads;
    /** Optional and dynamic: without it a failed activation is listed without its cause. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ServiceComponentRuntime componentRuntime;
    /** The fleet's run-time choice of the active provider; null in unit tests and while not yet bound. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ProviderChoice choice;

    @Activate
    public OtpProviderRegistry(@Reference CurrentAuthSettings settings, @Reference ProviderCallGuard guard,
            BundleContext context) {
        this.settings = settings;
        this.guard = guard;
        // A thread per activation, made when needed: one that never returns must not hold up the next.
        this.activationThreads = Executors.newCachedThreadPool(DaemonThreads.numbered("nerava-otp-activation"));
        this.activations = new ProviderActivations<>(new ContainerProviderServices(context, () -> componentRuntime),
                activationThreads, Clock.systemUTC(), taken -> bind(taken.provider()));
    }

    /** For tests: providers are bound directly with {@link #bind(BoundProvider)}. */
    public OtpProviderRegistry(CurrentAuthSettings settings, ProviderCallGuard guard) {
        this.settings = settings;
        this.guard = guard;
        this.activations = null;
        this.activationThreads = null;
    }

    @Deactivate
    void deactivate() {
        // Interrupts activations still running; one that ignores it only keeps its own daemon thread.
        activationThreads.shutdownNow();
    }

    @Reference(service = OtpVerifier.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindVerifier(ServiceReference<OtpVerifier> verifier) {
        takeOn(verifier, ProviderKind.VERIFIER);
    }

    void unbindVerifier(ServiceReference<OtpVerifier> verifier) {
        forget(verifier);
    }

    @Reference(service = CodeDelivery.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindDelivery(ServiceReference<CodeDelivery> delivery) {
        takeOn(delivery, ProviderKind.DELIVERY);
    }

    void unbindDelivery(ServiceReference<CodeDelivery> delivery) {
        forget(delivery);
    }

    /** Returns at once: the service is taken, and the provider bound, on an activation thread. */
    private void takeOn(ServiceReference<?> registration, ProviderKind kind) {
        String id = idOf(registration);
        if (id == null) {
            LOG.warn("Ignoring an OTP provider service without the {} property", OtpProviders.PROVIDER_PROPERTY);
            return;
        }
        activations.takeOn(registration, id, kind, settings.get().providerTimeout());
    }

    private void forget(ServiceReference<?> registration) {
        Object service = activations.forget(registration);
        if (service != null) {
            unbind(idOf(registration), service);
        }
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
        if (id == null) {
            return;
        }
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
            guard.abandonCalls(id);
        }
    }

    /** The configured providers, active first, then the fallbacks in order. */
    /**
     * The active provider, then the fallbacks: the fleet's run-time choice when there is one (then this node's
     * configured fallbacks), else this node's {@code provider} and {@code fallback}.
     */
    public List<String> chain() {
        AuthSettings current = settings.get();
        ProviderChoice fleetChoice = choice;
        Optional<FleetSetting> chosen = fleetChoice == null ? Optional.empty() : fleetChoice.current();
        if (chosen.isEmpty()) {
            return current.providerChain();
        }
        List<String> chain = new ArrayList<>();
        chain.add(chosen.get().value());
        for (String fallback : current.fallbacks()) {
            if (!chain.contains(fallback)) {
                chain.add(fallback);
            }
        }
        return chain;
    }

    /** The fleet's run-time choice of the active provider, when someone made one. */
    public Optional<FleetSetting> fleetChoice() {
        ProviderChoice fleetChoice = choice;
        return fleetChoice == null ? Optional.empty() : fleetChoice.current();
    }

    public Optional<BoundProvider> provider(String id) {
        return Optional.ofNullable(id == null ? null : bound.get(id));
    }

    /** The first provider of the chain from position {@code from} on that is bound now. */
    public Optional<BoundProvider> firstBound(List<String> chain, int from) {
        for (int i = Math.max(0, from); i < chain.size(); i++) {
            Optional<BoundProvider> provider = provider(chain.get(i));
            if (provider.isPresent()) {
                return provider;
            }
        }
        return Optional.empty();
    }

    /** Ids of every provider bound, activating, failed or configured, for completion and listings. */
    public List<String> knownIds() {
        TreeSet<String> ids = new TreeSet<>(bound.keySet());
        ids.addAll(chain());
        pending().forEach(p -> ids.add(p.id()));
        return new ArrayList<>(ids);
    }

    /** Every known provider with its state and counters, active first, then by chain order and id. */
    public List<ProviderStatus> statuses() {
        List<ProviderStatus> list = new ArrayList<>();
        List<String> order = chain();
        Map<String, ProviderActivations.Pending> notBound = new HashMap<>();
        // A failed registration is listed only when no other registration of the id is activating.
        pending().forEach(p -> notBound.merge(p.id(), p, (a, b) -> a.failed() ? b : a));
        for (String id : knownIds()) {
            BoundProvider provider = bound.get(id);
            ProviderActivations.Pending waiting = notBound.get(id);
            ProviderStats counts = guard.statsOf(id);
            int position = order.indexOf(id);
            int stuck = guard.stuckCallsOf(id);
            String state;
            ProviderKind kind;
            String lastError = counts.lastError();
            Instant lastErrorAt = counts.lastErrorAt();
            if (provider != null) {
                state = stuck > 0 ? "stuck" : "bound";
                kind = provider.kind();
            } else if (waiting != null) {
                state = waiting.failed() ? "failed" : "activating";
                kind = waiting.kind();
                lastError = waiting.failed() ? "activation failed (bundle " + waiting.bundle() + "): " + waiting.failure()
                        : "activating since " + waiting.since() + " (bundle " + waiting.bundle() + ")";
                lastErrorAt = waiting.since();
            } else {
                state = "missing";
                kind = null;
            }
            list.add(new ProviderStatus(id, state, kind, position == 0, position, guard.circuitOf(id),
                    counts.calls(), counts.failures(), stuck, lastError, lastErrorAt,
                    counts.misconfiguration()));
        }
        list.sort(Comparator.comparingInt(status -> rank(status.chainPosition())));
        return list;
    }

    private List<ProviderActivations.Pending> pending() {
        return activations == null ? List.of() : activations.pending();
    }

    private static int rank(int position) {
        return position < 0 ? Integer.MAX_VALUE : position;
    }

    private static String idOf(ServiceReference<?> registration) {
        Object id = registration.getProperty(OtpProviders.PROVIDER_PROPERTY);
        return id == null ? null : id.toString();
    }
}
