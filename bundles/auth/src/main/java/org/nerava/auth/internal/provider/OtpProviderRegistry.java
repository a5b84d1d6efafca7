package org.nerava.auth.internal.provider;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.nerava.auth.internal.settings.CurrentAuthSettings;
import org.nerava.otp.spi.CodeDelivery;
import org.nerava.otp.spi.OtpProviders;
import org.nerava.otp.spi.OtpVerifier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every OTP provider service bound right now, by its {@code otp.provider} id, and the configured order to try them
 * in. References are dynamic and optional: providers come and go at run time and sign-in keeps its state. Calls to
 * a provider go through the {@link ProviderCallGuard}.
 */
@Component(service = OtpProviderRegistry.class)
public class OtpProviderRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(OtpProviderRegistry.class);

    private final Map<String, BoundProvider> bound = new ConcurrentHashMap<>();
    private final CurrentAuthSettings settings;
    private final ProviderCallGuard guard;

    @Activate
    public OtpProviderRegistry(@Reference CurrentAuthSettings settings, @Reference ProviderCallGuard guard) {
        this.settings = settings;
        this.guard = guard;
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
    public List<String> chain() {
        return settings.get().providerChain();
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

    /** Ids of every provider bound or configured, for completion and listings. */
    public List<String> knownIds() {
        TreeSet<String> ids = new TreeSet<>(bound.keySet());
        ids.addAll(chain());
        return new ArrayList<>(ids);
    }

    /** Every bound or configured provider with its counters, active first, then by chain order and id. */
    public List<ProviderStatus> statuses() {
        List<ProviderStatus> list = new ArrayList<>();
        List<String> order = chain();
        for (String id : knownIds()) {
            BoundProvider provider = bound.get(id);
            ProviderStats counts = guard.statsOf(id);
            int position = order.indexOf(id);
            int stuck = guard.stuckCallsOf(id);
            list.add(new ProviderStatus(id, provider == null ? "missing" : stuck > 0 ? "stuck" : "bound",
                    provider == null ? null : provider.kind(), position == 0, position, guard.circuitOf(id),
                    counts.calls(), counts.failures(), stuck, counts.lastError(), counts.lastErrorAt()));
        }
        list.sort(Comparator.comparingInt(status -> rank(status.chainPosition())));
        return list;
    }

    private static int rank(int position) {
        return position < 0 ? Integer.MAX_VALUE : position;
    }

    private static String idOf(Map<String, Object> properties) {
        Object id = properties.get(OtpProviders.PROVIDER_PROPERTY);
        return id == null ? null : id.toString();
    }
}
