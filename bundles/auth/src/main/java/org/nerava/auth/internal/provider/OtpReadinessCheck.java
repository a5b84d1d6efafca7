package org.nerava.auth.internal.provider;

import java.util.List;
import java.util.Map;

import org.nerava.platform.health.Readiness;
import org.nerava.platform.health.ReadinessCheck;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code otp} in {@code /readyz}: up when the active provider is bound, degraded when sign-in relies on a fallback or
 * has no provider. Never critical: without OTP, drivers already signed in and every other feature still work. It
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
        Map<String, Object> details = Map.of("configured", chain, "bound", bound);
        if (chain.isEmpty()) {
            return Readiness.degraded("no OTP provider is configured").withDetails(details);
        }
        if (bound.isEmpty()) {
            return Readiness.degraded("no configured OTP provider is bound").withDetails(details);
        }
        String activeCircuit = registry.statuses().stream().filter(ProviderStatus::active).findFirst()
                .map(ProviderStatus::circuit).orElse("closed");
        if (bound.get(0).equals(chain.get(0)) && !"closed".equals(activeCircuit)) {
            return Readiness.degraded("active provider '" + chain.get(0) + "' is failing (circuit " + activeCircuit
                    + "); sends go to the fallback").withDetails(details);
        }
        if (!bound.get(0).equals(chain.get(0))) {
            return Readiness.degraded("active provider '" + chain.get(0) + "' is missing; using '" + bound.get(0) + "'")
                    .withDetails(details);
        }
        return Readiness.up("provider '" + chain.get(0) + "'").withDetails(details);
    }
}
