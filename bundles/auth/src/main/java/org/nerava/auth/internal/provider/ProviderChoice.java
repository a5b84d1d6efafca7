package org.nerava.auth.internal.provider;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.nerava.platform.concurrent.DaemonThreads;
import org.nerava.platform.fleet.FleetSetting;
import org.nerava.platform.fleet.FleetSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active OTP provider as chosen at run time for the whole fleet ({@code nerava:otp-use}, the admin API), kept in
 * the shared database as fleet setting {@value #SETTING}. Every node reads it every {@value #POLL_MILLIS} ms on a
 * thread of its own, so a switch made on any node is applied by all within seconds; until someone switches (or after
 * {@code --reset}), each node's {@code provider} of {@code etc/org.nerava.auth.cfg} holds. When the database cannot
 * be read, the node keeps the choice it last read.
 */
@Component(service = ProviderChoice.class)
public class ProviderChoice {

    static final String SETTING = "otp.provider";
    static final long POLL_MILLIS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(ProviderChoice.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FleetSettings fleet;

    private volatile FleetSetting current;
    private ScheduledExecutorService poller;

    @Activate
    void activate() {
        poller = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("nerava-otp-provider-choice"));
        poller.scheduleWithFixedDelay(this::refresh, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        poller.shutdownNow();
    }

    /** The fleet's choice as this node last read it; empty: the {@code etc/} default holds. */
    public Optional<FleetSetting> current() {
        return Optional.ofNullable(current);
    }

    /** Reads the fleet's choice now; logs when it changed. Never throws (it runs on a scheduler). */
    void refresh() {
        FleetSettings settings = fleet;
        if (settings == null) {
            return;
        }
        try {
            applied(settings.get(SETTING).orElse(null));
        } catch (RuntimeException e) {
            LOG.debug("Cannot read the fleet's OTP provider choice; keeping {}", current, e);
        }
    }

    /** Makes {@code providerId} the active provider of every node; applied here at once. */
    public FleetSetting choose(String providerId, String actor) {
        return applied(settings().set(SETTING, providerId, actor));
    }

    /** Removes the fleet's choice: every node goes back to its {@code etc/} default. True when there was one. */
    public boolean reset() {
        boolean had = settings().clear(SETTING);
        applied(null);
        return had;
    }

    private FleetSettings settings() {
        FleetSettings settings = fleet;
        if (settings == null) {
            throw new IllegalStateException("fleet settings are not available (the platform's database is not up)");
        }
        return settings;
    }

    private FleetSetting applied(FleetSetting next) {
        FleetSetting previous = current;
        current = next;
        if (!Objects.equals(version(previous), version(next))) {
            if (next == null) {
                LOG.info("Active OTP provider: back to this node's configured default (no fleet choice)");
            } else {
                LOG.info("Active OTP provider for the fleet: {} (version {}, by {} at {})", next.value(),
                        next.version(), next.updatedBy(), next.updatedAt());
            }
        }
        return next;
    }

    private static Long version(FleetSetting setting) {
        return setting == null ? null : setting.version();
    }
}
