package org.nerava.analytics.internal;

import static org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;
import static org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

import org.nerava.platform.audit.AuditTrail;
import org.nerava.platform.config.ConfigCheck;
import org.nerava.platform.config.ConfigurationStatus;
import org.nerava.platform.config.DelegatedConfigurationStatus;
import org.nerava.platform.config.LastGoodSettings;
import org.nerava.platform.config.RefusalAudit;
import org.nerava.platform.config.SettingsLog;
import org.nerava.platform.doctor.CheckMode;
import org.nerava.platform.events.EventTopics;
import org.nerava.platform.metrics.Meters;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives every product event ({@code org/nerava/*}) and hands it to the {@link BatchSender}, which sends it to
 * PostHog. {@link #handleEvent} only offers the event to a bounded queue: EventAdmin's delivery threads are shared
 * by every subscriber, and Felix EventAdmin blacklists a handler that keeps them waiting. Idle (no API key or no
 * host), it does nothing at all.
 *
 * <p>It registers its services itself rather than as a DS service: DS would publish every configuration property as
 * a service property, the API key included, for anyone who lists services (shell, JMX) to read.
 */
// service = {}: DS registers nothing for it (see above); immediate, so it starts with its bundle.
@Component(service = {}, configurationPid = AnalyticsForwarder.PID)
@Designate(ocd = AnalyticsConfig.class)
public class AnalyticsForwarder implements EventHandler, DelegatedConfigurationStatus {

    public static final String PID = "org.nerava.analytics";

    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsForwarder.class);

    private final AnalyticsCounters counters = new AnalyticsCounters();
    private final Path serverIdFile;
    private final LastGoodSettings<AnalyticsSettings> lastGood = new LastGoodSettings<>(PID);
    private final SettingsLog log = new SettingsLog(PID, "analytics keeps", LOG::info, LOG::warn);
    private final RefusalAudit audit = new RefusalAudit(PID, log::notAudited);
    private volatile AnalyticsSettings settings;
    /** Null while idle. */
    private volatile BatchSender sender;
    private volatile ServiceRegistration<?> registration;

    @Activate
    public AnalyticsForwarder(BundleContext context, Map<String, Object> properties) {
        this.serverIdFile = serverIdFile(context);
        modified(properties);
        // ConfigurationStatus too: /readyz reports a refused value without the key being a service property.
        registration = context.registerService(new String[] {EventHandler.class.getName(),
                AnalyticsForwarder.class.getName(), ConfigurationStatus.class.getName()}, this,
                FrameworkUtil.asDictionary(Map.of(EventConstants.EVENT_TOPIC, EventTopics.ALL)));
    }

    /** @param serverIdFile where the node's anonymous distinct id is kept, or null for one per start */
    public AnalyticsForwarder(AnalyticsSettings settings, Path serverIdFile) {
        this.serverIdFile = serverIdFile;
        lastGood.install(settings);
        apply(settings);
    }

    /**
     * Checks the PID as a whole: applied when every value is good; otherwise refused whole, loudly (WARN, audit entry
     * {@code config.refused}, {@code /readyz} check {@code configuration}) while the last good settings keep sending,
     * or, at boot, the defaults of the refused keys.
     */
    @Modified
    synchronized void modified(Map<String, ?> properties) {
        LastGoodSettings.Update update = lastGood.update(check(properties), AnalyticsSettings::from);
        if (update.applied()) {
            apply(lastGood.get());
        }
        log.updated(update);
        audit.refused(update);
    }

    /** The ranges the metatype of {@link AnalyticsConfig} declares, and a host that is no http(s) URL refused. */
    static ConfigCheck<AnalyticsConfig> check(Map<String, ?> properties) {
        ConfigCheck<AnalyticsConfig> checked = ranges(properties);
        String host = checked.values().host();
        if (host != null && !host.isBlank() && AnalyticsSettings.batchUri(host.strip().replaceAll("/+$", "")) == null) {
            checked.refuse("host", "http(s)://host[:port][/path] without credentials, query or fragment; empty: idle");
        }
        return checked;
    }

    /** Only the numbers' types and ranges: the doctor judges the host itself, and says more than a refusal. */
    static ConfigCheck<AnalyticsConfig> ranges(Map<String, ?> properties) {
        return ConfigCheck.of(PID, AnalyticsConfig.class, properties)
                .within("batchSize", 1, 1000)
                .within("flushIntervalMillis", 10, 3_600_000)
                .within("queueCapacity", 1, 1_000_000)
                .within("connectTimeoutMillis", 100, 120_000)
                .within("requestTimeoutMillis", 100, 300_000)
                .within("maxResponseBytes", 1024, 67_108_864)
                .within("maxRetries", 0, 10)
                .within("backoffMillis", 0, 600_000)
                .within("maxBackoffMillis", 0, 3_600_000);
    }

    @Override
    public ConfigurationStatus configurationStatus() {
        return lastGood;
    }

    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    void bindAudit(AuditTrail trail) {
        audit.bind(trail);
    }

    void unbindAudit(AuditTrail trail) {
        audit.unbind(trail);
    }

    /** Stops the sender: what is queued gets one last try of at most {@link BatchSender#LAST_FLUSH}. */
    @Deactivate
    public synchronized void deactivate() {
        ServiceRegistration<?> registered = registration;
        registration = null;
        if (registered != null) {
            registered.unregister();
        }
        BatchSender stopping = sender;
        sender = null;
        if (stopping != null) {
            stopping.stop();
        }
    }

    @Override
    public void handleEvent(Event event) {
        BatchSender current = sender;
        if (current != null) {
            current.offer(event);
        }
    }

    /**
     * Publishes the queue and the counters (read when metrics are scraped). Optional and dynamic: analytics works
     * the same without the metrics feature; the meters leave with this bundle.
     */
    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    void bindMeters(Meters meters) {
        meters.gauge("nerava.analytics.queue.depth", "Product events waiting to be sent to PostHog",
                () -> status().queued());
        meters.total("nerava.analytics.events.sent", "Product events PostHog accepted", () -> status().sent());
        meters.total("nerava.analytics.events.dropped", "Product events never sent: queue full or stopped",
                () -> status().dropped());
        meters.total("nerava.analytics.events.failed", "Product events PostHog refused or every try failed",
                () -> status().failed());
    }

    void unbindMeters(Meters meters) {
        // Nothing to do: the meters belong to this bundle's Meters instance and leave with it.
    }

    public AnalyticsStatus status() {
        AnalyticsSettings s = settings;
        BatchSender current = sender;
        return counters.snapshot(s.idleReason(), !s.apiKey().isEmpty(),
                current == null ? null : current.client().batchUri().toString(),
                current == null ? 0 : current.queued(), s.queueCapacity());
    }

    public AnalyticsSettings settings() {
        return settings;
    }

    /**
     * Starts sending with the new settings at once; the previous sender gives its queue one last try in the
     * background (at most {@link BatchSender#LAST_FLUSH}), so a configuration change never waits on PostHog.
     */
    private synchronized void apply(AnalyticsSettings next) {
        log.warnings(next.warnings());
        BatchSender previous = sender;
        settings = next;
        // Check mode (bin/nerava-doctor) records no event: the doctor judges the settings, PostHog hears nothing.
        sender = next.active() && !CheckMode.on() ? BatchSender.start(next, counters, serverIdFile) : null;
        if (previous != null) {
            previous.requestStop();
        }
        if (next.active()) {
            LOG.info("Analytics: sending product events to {} in batches of up to {}, at most {} ms apart",
                    next.batchUri(), next.batchSize(), next.flushInterval().toMillis());
        } else {
            LOG.info("Analytics idle: {}", next.idleReason());
        }
    }

    private static Path serverIdFile(BundleContext context) {
        File file = context.getDataFile("server-id");
        return file == null ? null : file.toPath();
    }
}
