package org.nerava.analytics.internal.command;

import java.io.PrintStream;
import java.time.Instant;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.nerava.analytics.internal.AnalyticsForwarder;
import org.nerava.analytics.internal.AnalyticsSettings;
import org.nerava.analytics.internal.AnalyticsStatus;

@Service
@Command(scope = "nerava", name = "analytics",
        description = "Shows whether product events go to PostHog, where, and how many were sent, failed and dropped")
public class AnalyticsCommand implements Action {

    @Reference
    AnalyticsForwarder forwarder;

    @Override
    public Object execute() {
        print(forwarder.status(), forwarder.settings(), System.out);
        return null;
    }

    static void print(AnalyticsStatus status, AnalyticsSettings settings, PrintStream out) {
        line(out, "State", status.active() ? "active" : "idle: " + status.idleReason());
        line(out, "Host", status.host() == null ? "-" : status.host());
        line(out, "API key", status.apiKeySet() ? "set (not shown)" : "not set");
        line(out, "Queued", status.queued() + " of " + status.queueCapacity());
        line(out, "Sent", Long.toString(status.sent()));
        line(out, "Failed", Long.toString(status.failed()));
        line(out, "Dropped", Long.toString(status.dropped()));
        line(out, "Retries", Long.toString(status.retries()));
        line(out, "Last sent", at(status.lastSentAt()));
        line(out, "Last error", status.lastError() == null ? "-" : at(status.lastErrorAt()) + " " + status.lastError()
                + (status.failing() ? "" : " (sent since)"));
        line(out, "Settings", "batchSize=" + settings.batchSize() + " flushIntervalMillis="
                + settings.flushInterval().toMillis() + " connectTimeoutMillis=" + settings.connectTimeout().toMillis()
                + " requestTimeoutMillis=" + settings.requestTimeout().toMillis() + " maxRetries="
                + settings.maxRetries() + " backoffMillis=" + settings.backoff().toMillis() + " maxBackoffMillis="
                + settings.maxBackoff().toMillis());
    }

    private static void line(PrintStream out, String name, String value) {
        out.printf("%-11s: %s%n", name, value);
    }

    private static String at(Instant instant) {
        return instant == null ? "-" : instant.toString();
    }
}
