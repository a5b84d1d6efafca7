package org.nerava.analytics.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link AnalyticsConfig} checked and turned into working values. A bad number never stops the bundle: it is
 * reported in {@link #warnings()} (which the bundle logs) and replaced by its default. Without an API key or a usable
 * host the settings are <em>idle</em> ({@link #idleReason()}) and nothing is queued or sent.
 *
 * <p>{@link #toString()} never shows the API key.
 */
public record AnalyticsSettings(String apiKey, URI batchUri, String idleReason, int batchSize, Duration flushInterval,
        int queueCapacity, Duration connectTimeout, Duration requestTimeout, int maxRetries, Duration backoff,
        Duration maxBackoff, int maxResponseBytes, List<String> warnings) {

    public static AnalyticsSettings from(AnalyticsConfig config) {
        List<String> warnings = new ArrayList<>();
        String key = config.apiKey() == null ? "" : config.apiKey().strip();
        String host = config.host() == null ? "" : config.host().strip();
        while (host.endsWith("/")) {
            host = host.substring(0, host.length() - 1);
        }
        URI batchUri = null;
        String idle = null;
        if (key.isEmpty()) {
            idle = "no API key";
        } else if (host.isEmpty()) {
            idle = "no host";
        } else {
            batchUri = batchUri(host);
            if (batchUri == null) {
                idle = "host is not an http(s) URL";
                warnings.add("host=" + host + " refused: expected http(s)://host[:port][/path] without credentials,"
                        + " query or fragment; analytics stays idle");
            }
        }
        int backoff = atLeast(config.backoffMillis(), 0, 1000, "backoffMillis", warnings);
        int maxBackoff = atLeast(config.maxBackoffMillis(), 0, 30000, "maxBackoffMillis", warnings);
        if (maxBackoff < backoff) {
            warnings.add("maxBackoffMillis=" + maxBackoff + " is below backoffMillis=" + backoff + "; using "
                    + backoff);
            maxBackoff = backoff;
        }
        return new AnalyticsSettings(key, batchUri, idle,
                within(config.batchSize(), 1, 1000, 50, "batchSize", warnings),
                Duration.ofMillis(atLeast(config.flushIntervalMillis(), 10, 5000, "flushIntervalMillis", warnings)),
                within(config.queueCapacity(), 1, 1_000_000, 10000, "queueCapacity", warnings),
                Duration.ofMillis(atLeast(config.connectTimeoutMillis(), 100, 2000, "connectTimeoutMillis", warnings)),
                Duration.ofMillis(atLeast(config.requestTimeoutMillis(), 100, 5000, "requestTimeoutMillis", warnings)),
                within(config.maxRetries(), 0, 10, 3, "maxRetries", warnings),
                Duration.ofMillis(backoff), Duration.ofMillis(maxBackoff),
                atLeast(config.maxResponseBytes(), 1024, 1048576, "maxResponseBytes", warnings), List.copyOf(warnings));
    }

    /** Whether events are queued and sent: there is an API key and a usable host. */
    public boolean active() {
        return idleReason == null;
    }

    /** The wait before retry number {@code retry} (1 for the first): {@code backoff} doubled each time, capped. */
    public Duration backoffBefore(int retry) {
        long millis = backoff.toMillis();
        for (int i = 1; i < retry && millis < maxBackoff.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    static URI batchUri(String host) {
        try {
            URI uri = new URI(host);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
                    || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return null;
            }
            return new URI(host + "/batch/");
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static int within(int value, int min, int max, int fallback, String key, List<String> warnings) {
        if (value < min || value > max) {
            warnings.add(key + "=" + value + " refused: " + min + " to " + max + "; using " + fallback);
            return fallback;
        }
        return value;
    }

    private static int atLeast(int value, int min, int fallback, String key, List<String> warnings) {
        if (value < min) {
            warnings.add(key + "=" + value + " refused: at least " + min + "; using " + fallback);
            return fallback;
        }
        return value;
    }

    @Override
    public String toString() {
        return "AnalyticsSettings[apiKey=" + (apiKey.isEmpty() ? "none" : "(set)") + ", batchUri=" + batchUri
                + ", idleReason=" + idleReason + ", batchSize=" + batchSize + ", flushInterval=" + flushInterval
                + ", queueCapacity=" + queueCapacity + ", connectTimeout=" + connectTimeout + ", requestTimeout="
                + requestTimeout + ", maxRetries=" + maxRetries + ", backoff=" + backoff + ", maxBackoff="
                + maxBackoff + "]";
    }
}
