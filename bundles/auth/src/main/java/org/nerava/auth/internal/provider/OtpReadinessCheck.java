package org.nerava.auth.internal.provider;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.nerava.platform.health.Readiness;
import org.nerava.platform.health.ReadinessCheck;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code otp} in {@code /readyz}: up when the active provider is bound and well, degraded when sign-in relies on a
 * fallback or has no provider, or when a provider is stuck (calls that did not return after their deadline). Never critical: without OTP, drivers already signed in and every other feature still work. It
 * reads the registry only; it sends nothing to any provider.
 */
@Component(service = ReadinessCheck.class)
public class OtpReadinessCheck implements ReadinessCheck {

    private final OtpProviderRegistry registry;

    @Activate
    public OtpReadinessCheck(@Reference OtpProviderRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "otp";
    }

    @Override
    public boolean critical() {
        return false;
    }

    @Override
    public Readiness check() {
        List<String> chain = registry.chain();
        List<String> bound = chain.stream().filter(id -> registry.provider(id).isPresent()).toList();
        List<ProviderStatus> statuses = registry.statuses();
        Map<String, Integer> stuck = new TreeMap<>();
        Map<String, String> notBound = new TreeMap<>();
        for (ProviderStatus status : statuses) {
            if (status.stuckCalls() > 0) {
                stuck.put(status.id(), status.stuckCalls());
            }
            if (status.chainPosition() >= 0 && !"bound".equals(status.state()) && !"stuck".equals(status.state())) {
                notBound.put(status.id(), status.state());
            }
        }
        Map<String, Object> details = Map.of("configured", chain, "bound", bound, "stuck_calls", stuck,
                "not_bound", notBound);
        if (chain.isEmpty()) {
            return Readiness.degraded("no OTP provider is configured").withDetails(details);
        }
        if (bound.isEmpty()) {
            return Readiness.degraded("no configured OTP provider is bound").withDetails(details);
        }
        String active = chain.get(0);
        if (!bound.get(0).equals(active)) {
            return Readiness.degraded("active provider '" + active + "' is " + notBound.getOrDefault(active, "missing")
                    + "; using '" + bound.get(0) + "'").withDetails(details);
        }
        if (stuck.containsKey(active)) {
            return Readiness.degraded("active provider '" + active + "' is stuck: " + stuck.get(active)
                    + " calls did not return after their deadline; sends it cannot take go to the fallback")
                    .withDetails(details);
        }
        String activeCircuit = statuses.stream().filter(ProviderStatus::active).findFirst()
                .map(ProviderStatus::circuit).orElse("closed");
        if (!"closed".equals(activeCircuit)) {
            return Readiness.degraded("active provider '" + active + "' is failing (circuit " + activeCircuit
                    + "); sends go to the fallback").withDetails(details);
        }
        if (!stuck.isEmpty()) {
            return Readiness.degraded("provider(s) " + stuck.keySet() + " stuck: calls did not return after their"
                    + " deadline").withDetails(details);
        }
        return Readiness.up("provider '" + active + "'").withDetails(details);
    }
}
