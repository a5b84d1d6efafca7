package org.nerava.auth.internal.provider;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

import org.nerava.otp.control.OtpProviderControl;
import org.nerava.otp.control.OtpProviderView;
import org.nerava.otp.spi.Diagnosis;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link OtpProviderControl} over the registry, the call guard and the provider switch, for the admin API. */
@Component(service = OtpProviderControl.class)
public class AuthOtpProviderControl implements OtpProviderControl {

    private final OtpProviderRegistry registry;
    private final ProviderCallGuard guard;
    private final ProviderSwitch providerSwitch;

    @Activate
    public AuthOtpProviderControl(@Reference OtpProviderRegistry registry, @Reference ProviderCallGuard guard,
            @Reference ProviderSwitch providerSwitch) {
        this.registry = registry;
        this.guard = guard;
        this.providerSwitch = providerSwitch;
    }

    @Override
    public List<OtpProviderView> providers() {
        return registry.statuses().stream().map(s -> new OtpProviderView(s.id(), s.state(),
                s.kind() == null ? null : s.kind().name().toLowerCase(Locale.ROOT), s.active(), s.chainPosition(),
                s.circuit(), s.calls(), s.failures(), s.lastError(), s.lastErrorAt())).toList();
    }

    @Override
    public CompletionStage<Diagnosis> diagnose(String providerId) {
        BoundProvider provider = registry.provider(providerId == null ? null : providerId.strip())
                .orElseThrow(() -> new IllegalArgumentException("no OTP provider '" + providerId + "' is bound"));
        return guard.diagnose(provider);
    }

    @Override
    public String use(String providerId, String actor) {
        return providerSwitch.use(providerId, actor);
    }
}
