package org.nerava.analytics.internal;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

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
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
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
public class AnalyticsForwarder implements EventHandler {

    public static final String PID = "org.nerava.analytics";

    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsForwarder.class);

    private final AnalyticsCounters counters = new AnalyticsCounters();
    private final Path serverIdFile;
    private volatile AnalyticsSettings settings;
    /** Null while idle. */
    private volatile BatchSender sender;
    private volatile ServiceRegistration<?> registration;

    @Activate
    public AnalyticsForwarder(BundleContext context, AnalyticsConfig config) {
        this(AnalyticsSettings.from(config), serverIdFile(context));
        registration = context.registerService(
                new String[] {EventHandler.class.getName(), AnalyticsForwarder.class.getName()}, this,
                FrameworkUtil.asDictionary(Map.of(EventConstants.EVENT_TOPIC, EventTopics.ALL)));
    }

    /** @param serverIdFile where the node's anonymous distinct id is kept, or null for one per start */
    public AnalyticsForwarder(AnalyticsSettings settings, Path serverIdFile) {
        this.serverIdFile = serverIdFile;
        apply(settings);
    }

    @Modified
    void modified(AnalyticsConfig config) {
        apply(AnalyticsSettings.from(config));
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
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
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
        next.warnings().forEach(warning -> LOG.warn("{}: {}", PID, warning));
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
