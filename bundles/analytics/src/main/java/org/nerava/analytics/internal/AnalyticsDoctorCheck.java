package org.nerava.analytics.internal;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.nerava.platform.doctor.DoctorCheck;
import org.nerava.platform.doctor.Finding;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;

/**
 * {@code posthog}: the shape of the PostHog settings, without sending anything (an event would be a product event
 * recorded by a check). Neither key nor host: OK, analytics is off on purpose. Otherwise the host must be an http(s)
 * URL (https outside a loopback test) and the key a project API key ({@code phc_...}); a personal API key
 * ({@code phx_...}) would be refused by PostHog's ingestion and must not sit on a server. WARN only: drivers lose
 * nothing without analytics.
 *
 * <p>It registers its service itself, as {@link AnalyticsForwarder} does: DS would publish the PID, the API key
 * included, as the service's properties.
 */
// service = {}: DS registers nothing for it (see above); immediate, so it starts with its bundle.
@Component(service = {}, configurationPid = AnalyticsForwarder.PID)
public class AnalyticsDoctorCheck implements DoctorCheck {

    private static final Pattern PROJECT_KEY = Pattern.compile("phc_[A-Za-z0-9]{20,}");
    private static final String KEY_FIX = "set POSTHOG_API_KEY to the project API key (phc_...) of your PostHog"
            + " project settings";

    private volatile AnalyticsConfig config;
    /** Null in a test instance, which DS never deactivates. */
    private final ServiceRegistration<?> registration;

    /** Its own reading, its numbers checked as the forwarder checks them (a refused one at its default): never throws. */
    @Activate
    public AnalyticsDoctorCheck(BundleContext context, Map<String, Object> properties) {
        modified(properties);
        registration = context.registerService(DoctorCheck.class, this, null);
    }

    /** For tests: a reading of these properties, registered as no service. */
    AnalyticsDoctorCheck(Map<String, ?> properties) {
        modified(properties);
        registration = null;
    }

    /**
     * Called by DS only, once per activation: when the component goes away (its bundle stopping, the component
     * disabled or unsatisfied). DS drops only what it registered itself, so the hand-made registration is undone here.
     */
    @Deactivate
    void deactivate() {
        registration.unregister();
    }

    @Modified
    void modified(Map<String, ?> properties) {
        config = AnalyticsForwarder.ranges(properties).values();
    }

    @Override
    public String name() {
        return "posthog";
    }

    @Override
    public List<Finding> check() {
        return List.of(judge(config.apiKey(), config.host(), AnalyticsSettings.from(config)));
    }

    static Finding judge(String rawKey, String rawHost, AnalyticsSettings settings) {
        String key = rawKey == null ? "" : rawKey.strip();
        String host = rawHost == null ? "" : rawHost.strip();
        if (key.isEmpty() && host.isEmpty()) {
            return Finding.ok("posthog", "analytics not configured (idle)");
        }
        if (key.isEmpty()) {
            return Finding.warn("posthog", "POSTHOG_HOST is set without an API key: analytics idle", KEY_FIX);
        }
        if (!settings.active()) {
            return Finding.warn("posthog", "analytics idle: " + settings.idleReason(),
                    "set POSTHOG_HOST to the https:// base URL of your PostHog ingestion host");
        }
        if (key.startsWith("phx_")) {
            return Finding.warn("posthog", "POSTHOG_API_KEY is a personal API key (phx_...), not a project key",
                    KEY_FIX + "; revoke the personal key");
        }
        if (!PROJECT_KEY.matcher(key).matches()) {
            return Finding.warn("posthog", "POSTHOG_API_KEY does not look like a project API key (phc_ and at"
                    + " least 20 letters or digits)", KEY_FIX);
        }
        String scheme = settings.batchUri().getScheme();
        String batchHost = settings.batchUri().getHost();
        boolean loopback = "127.0.0.1".equals(batchHost) || "localhost".equals(batchHost) || "[::1]".equals(batchHost);
        if (!"https".equals(scheme) && !loopback) {
            return Finding.warn("posthog", "POSTHOG_HOST is plain http: events would cross the network unencrypted",
                    "use the https:// URL of your PostHog ingestion host");
        }
        return Finding.ok("posthog", "events go to " + settings.batchUri().getScheme() + "://" + batchHost
                + " (key and host well formed; nothing sent by this check)");
    }
}
