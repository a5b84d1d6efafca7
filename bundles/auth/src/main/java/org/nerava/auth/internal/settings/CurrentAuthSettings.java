package org.nerava.auth.internal.settings;

import org.nerava.auth.internal.pumping.PumpingSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PID {@code org.nerava.auth} as every component of the bundle reads it: parsed and checked once, what was refused
 * logged once, and a change followed without restarting sign-in or the providers (readers take {@link #get()} per
 * call, so a new chain, deadline or limit applies to the next one).
 */
@Component(service = CurrentAuthSettings.class, configurationPid = {"org.nerava.platform", AuthConfig.PID})
public class CurrentAuthSettings {

    private static final Logger LOG = LoggerFactory.getLogger(CurrentAuthSettings.class);

    private volatile AuthSettings settings;
    private volatile PumpingSettings pumping;

    @Activate
    public CurrentAuthSettings(AuthConfig config) {
        apply(config);
    }

    /** For tests: fixed settings, replaced with {@link #apply(AuthConfig)}. */
    public CurrentAuthSettings(AuthSettings settings) {
        this.settings = settings;
        this.pumping = PumpingSettings.defaults(settings.phones().defaultRegion());
    }

    @Modified
    public void apply(AuthConfig config) {
        AuthSettings next = AuthSettings.from(config);
        next.warnings().forEach(warning -> LOG.warn("{}: {}", AuthConfig.PID, warning));
        AuthSettings previous = settings;
        if (previous != null && !previous.providerChain().equals(next.providerChain())) {
            LOG.info("OTP providers in order: {} (was {})", next.providerChain(), previous.providerChain());
        }
        settings = next;
        applyPumping(config, next);
    }

    private void applyPumping(AuthConfig config, AuthSettings next) {
        PumpingSettings guard = PumpingSettings.from(config, next.phones().defaultRegion());
        guard.warnings().forEach(warning -> LOG.warn("{}: {}", AuthConfig.PID, warning));
        pumping = guard;
    }

    public AuthSettings get() {
        return settings;
    }

    /** The SMS-pumping guard's settings, from the same PID. */
    public PumpingSettings pumping() {
        return pumping;
    }
}
