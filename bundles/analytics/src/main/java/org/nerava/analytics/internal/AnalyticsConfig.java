package org.nerava.analytics.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code org.nerava.analytics}: where product events go and how hard we try to get them there. */
@ObjectClassDefinition(id = AnalyticsForwarder.PID, name = "Nerava analytics (PostHog)",
        description = "Forwards product events to PostHog's batch capture API; idle without an API key and a host")
public @interface AnalyticsConfig {

    @AttributeDefinition(type = AttributeType.PASSWORD,
            description = "PostHog project API key (POSTHOG_API_KEY); empty: analytics is idle")
    String apiKey() default "";

    @AttributeDefinition(description = "Base URL of the PostHog ingestion host, http(s)://host[:port][/path]"
            + " (POSTHOG_HOST); events are posted to <host>/batch/. Empty: analytics is idle")
    String host() default "";

    @AttributeDefinition(description = "Events per request; a batch goes out as soon as it is full (1-1000)",
            min = "1", max = "1000")
    int batchSize() default 50;

    @AttributeDefinition(description = "Milliseconds an event waits for its batch to fill before it is sent anyway",
            min = "10", max = "3600000")
    int flushIntervalMillis() default 5000;

    @AttributeDefinition(description = "Events waiting to be sent, at most; beyond that new events are dropped"
            + " (and counted)", min = "1", max = "1000000")
    int queueCapacity() default 10000;

    @AttributeDefinition(description = "Milliseconds to open a connection to PostHog", min = "100",
            max = "120000")
    int connectTimeoutMillis() default 2000;

    @AttributeDefinition(description = "Milliseconds PostHog has to answer one request", min = "100",
            max = "300000")
    int requestTimeoutMillis() default 5000;

    @AttributeDefinition(description = "A PostHog answer longer than this is not read further and counts as a failed"
            + " request (PostHog's own answers are a few bytes)", min = "1024",
            max = "67108864")
    int maxResponseBytes() default 1048576;

    @AttributeDefinition(description = "Retries of a batch after a timeout, a network error, 408, 429 or 5xx (0-10);"
            + " then it is counted as failed", min = "0", max = "10")
    int maxRetries() default 3;

    @AttributeDefinition(description = "Milliseconds before the first retry; each further retry waits twice as long",
            min = "0", max = "600000")
    int backoffMillis() default 1000;

    @AttributeDefinition(description = "Longest wait between two retries, in milliseconds", min = "0",
            max = "3600000")
    int maxBackoffMillis() default 30000;
}
