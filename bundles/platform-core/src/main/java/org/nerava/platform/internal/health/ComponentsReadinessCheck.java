package org.nerava.platform.internal.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.nerava.platform.concurrent.DaemonThreads;
import org.nerava.platform.concurrent.Failures;
import org.nerava.platform.health.Readiness;
import org.nerava.platform.health.ReadinessCheck;
import org.nerava.platform.metrics.Meters;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code components} in {@code /readyz}: every Declarative Services component of a Nerava bundle (symbolic name
 * {@code org.nerava.*}; OTP providers excepted, check {@code otp} reports them) that failed to activate, by bundle, with the cause the runtime kept: such a component is a
 * feature that answers 404 or a command that is missing, with nothing else saying so. Degraded, never critical: the
 * rest of the product serves. Gauge {@code nerava_component_up{bundle,component}} is 1 for a component satisfied or
 * active, 0 for one that failed to activate or waits for a service it requires; a component with no configuration
 * yet (configuration required) is not shown.
 */
@Component(service = ReadinessCheck.class)
public class ComponentsReadinessCheck implements ReadinessCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ComponentsReadinessCheck.class);
    static final String NERAVA_BUNDLES = "org.nerava";
    /**
     * OTP providers are left to check {@code otp}, which says which of them failed and whether sign-in can still send:
     * the console provider refusing to activate outside {@code dev} is its design, not a fault of this node.
     */
    private static final Set<String> REPORTED_ELSEWHERE = Set.of("org.nerava.otp.spi.OtpVerifier",
            "org.nerava.otp.spi.CodeDelivery");
    private static final long REFRESH_SECONDS = 10;

    /** One component as it stands now. */
    record ComponentState(String bundle, String component, boolean up, String failure) {
    }

    private final ServiceComponentRuntime runtime;
    private final BundleContext context;
    private final Map<String, ComponentState> last = new ConcurrentHashMap<>();
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();
    private final Set<String> failuresLogged = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService refresh;
    private volatile Meters meters;

    @Activate
    public ComponentsReadinessCheck(@Reference ServiceComponentRuntime runtime, BundleContext context) {
        this.runtime = runtime;
        this.context = context;
        this.refresh = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("nerava-components-check"));
        // The gauges and the log follow components between probes too.
        refresh.scheduleWithFixedDelay(this::states, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        refresh.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindMeters")
    void bindMeters(Meters m) {
        meters = m;
        gauged.clear();
        last.values().forEach(this::gauge);
    }

    void unbindMeters(Meters m) {
        if (meters == m) {
            meters = null;
        }
    }

    @Override
    public String name() {
        return "components";
    }

    @Override
    public Readiness check() {
        List<ComponentState> states = states();
        Map<String, List<String>> failed = new LinkedHashMap<>();
        Map<String, List<String>> waiting = new LinkedHashMap<>();
        for (ComponentState state : states) {
            if (state.failure() != null) {
                failed.computeIfAbsent(state.bundle(), b -> new ArrayList<>())
                        .add(simpleName(state.component()) + ": " + state.failure());
            } else if (!state.up()) {
                waiting.computeIfAbsent(state.bundle(), b -> new ArrayList<>()).add(simpleName(state.component()));
            }
        }
        Map<String, Object> details = Map.of("failed", failed, "waiting_for_services", waiting);
        if (!failed.isEmpty()) {
            int count = failed.values().stream().mapToInt(List::size).sum();
            return Readiness.degraded(count + " Nerava component(s) failed to activate, their features do not serve: "
                    + failed + "; fix the cause (often a value in etc/<pid>.cfg), then bundle:restart <bundle> if"
                    + " fixing it alone does not bring them back").withDetails(details);
        }
        long up = states.stream().filter(ComponentState::up).count();
        return Readiness.up(up + " Nerava components up").withDetails(details);
    }

    /** Every Nerava component with a configuration, as the runtime sees it now; gauges and logs what is new. */
    List<ComponentState> states() {
        List<ComponentState> states = new ArrayList<>();
        try {
            for (Bundle bundle : context.getBundles()) {
                String name = bundle.getSymbolicName();
                if (name == null || !name.startsWith(NERAVA_BUNDLES)) {
                    continue;
                }
                for (ComponentDescriptionDTO description : runtime.getComponentDescriptionDTOs(bundle)) {
                    stateOf(name, description).ifPresent(states::add);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Components could not be listed: {}", e.toString());
            return List.copyOf(last.values());
        }
        Set<String> seen = ConcurrentHashMap.newKeySet();
        for (ComponentState state : states) {
            String key = key(state);
            seen.add(key);
            last.put(key, state);
            gauge(state);
            if (state.failure() != null && failuresLogged.add(key + state.failure())) {
                LOG.warn("Component {} of bundle {} failed to activate: {}", state.component(), state.bundle(),
                        state.failure());
            }
        }
        last.keySet().retainAll(seen);
        return states;
    }

    private java.util.Optional<ComponentState> stateOf(String bundle, ComponentDescriptionDTO description) {
        boolean any = false;
        boolean up = false;
        String failure = null;
        for (ComponentConfigurationDTO configuration : runtime.getComponentConfigurationDTOs(description)) {
            any = true;
            switch (configuration.state) {
                case ComponentConfigurationDTO.ACTIVE, ComponentConfigurationDTO.SATISFIED -> up = true;
                case ComponentConfigurationDTO.FAILED_ACTIVATION -> failure = configuration.failure == null
                        ? "activation failed" : Failures.rootCause(configuration.failure);
                default -> {
                }
            }
        }
        if (!any || !runtime.isComponentEnabled(description) || (description.serviceInterfaces != null
                && java.util.Arrays.stream(description.serviceInterfaces).anyMatch(REPORTED_ELSEWHERE::contains))) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new ComponentState(bundle, description.name, up && failure == null, failure));
    }

    private void gauge(ComponentState state) {
        Meters m = meters;
        String key = key(state);
        if (m != null && gauged.add(key)) {
            m.gauge("nerava.component.up", "1 when a Nerava Declarative Services component is satisfied or active, 0"
                    + " when it failed to activate or waits for a service it requires", () -> {
                        ComponentState now = last.get(key);
                        return now == null ? Double.NaN : now.up() ? 1 : 0;
                    }, "bundle", state.bundle(), "component", state.component());
        }
    }

    private static String key(ComponentState state) {
        return state.bundle() + "/" + state.component();
    }

    private static String simpleName(String component) {
        return component.substring(component.lastIndexOf('.') + 1);
    }
}
