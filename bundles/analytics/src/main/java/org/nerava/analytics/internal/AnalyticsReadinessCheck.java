package org.nerava.analytics.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nerava.platform.health.Readiness;
import org.nerava.platform.health.ReadinessCheck;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code analytics} in {@code /readyz}, never critical: drivers lose nothing when PostHog does. Up while idle
 * without an API key (analytics switched off is a normal set-up) and while PostHog takes events; degraded when an API
 * key is set but the host is missing or unusable, and while PostHog fails. It reads counters only and sends nothing.
 * The host is left out: {@code /readyz} is public.
 */
@Component(service = ReadinessCheck.class)
public class AnalyticsReadinessCheck implements ReadinessCheck {

    private final AnalyticsForwarder forwarder;

    @Activate
    public AnalyticsReadinessCheck(@Reference AnalyticsForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public String name() {
        return "analytics";
    }

    @Override
    public boolean critical() {
        return false;
    }

    @Override
    public Readiness check() {
        AnalyticsStatus status = forwarder.status();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sent", status.sent());
        details.put("failed", status.failed());
        details.put("dropped", status.dropped());
        details.put("queued", status.queued());
        details.put("retries", status.retries());
        if (status.lastSentAt() != null) {
            details.put("last_sent_at", status.lastSentAt().toString());
        }
        if (status.lastError() != null) {
            details.put("last_error", status.lastError());
            details.put("last_error_at", status.lastErrorAt().toString());
        }
        if (!status.active()) {
            Readiness idle = status.apiKeySet() ? Readiness.degraded("idle: " + status.idleReason())
                    : Readiness.up("idle: " + status.idleReason());
            return idle.withDetails(details);
        }
        if (status.failing()) {
            return Readiness.degraded("PostHog is failing: " + status.lastError()).withDetails(details);
        }
        return Readiness.up("sending to PostHog").withDetails(details);
    }
}
