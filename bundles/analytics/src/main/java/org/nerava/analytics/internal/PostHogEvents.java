package org.nerava.analytics.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.nerava.platform.events.EventTopics;
import org.osgi.service.event.Event;

/**
 * What of a product event may leave the server, in the shape of PostHog's batch capture API. Only the properties in
 * {@link #FORWARDED_PROPERTIES} are sent, and only values that look like what they should be (ids, problem codes,
 * flags): a phone number, a one-time code or a session token never leaves, whatever key it hides under. Numbers are
 * not sent at all (a phone number or a code can be written as one).
 */
final class PostHogEvents {

    /**
     * The properties PostHog may see. Adding one is a privacy decision: it reaches PostHog only once it is listed
     * here (docs/operations.md lists them too).
     */
    static final List<String> FORWARDED_PROPERTIES = List.of(EventTopics.PROP_PROVIDER, EventTopics.PROP_REASON,
            "new_driver", EventTopics.PROP_MERCHANT, "charger_id", "session_id", "deployment_id", "target");

    /** Marks events that are not about a driver: PostHog then makes no person profile for their distinct id. */
    static final String NO_PERSON_PROFILE = "$process_person_profile";
    static final String LIBRARY = "nerava-server";

    private static final String TOPIC_PREFIX = "org/nerava/";
    private static final Pattern UUID_SHAPE =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** Ids, provider ids and problem codes: no spaces, no '+', no '@', short. */
    private static final Pattern PLAIN_VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

    private final String serverDistinctId;

    /** @param serverDistinctId the distinct id of events that concern no driver (one per node) */
    PostHogEvents(String serverDistinctId) {
        this.serverDistinctId = serverDistinctId;
    }

    /**
     * One entry of a batch: {@code event}, {@code distinct_id} (the driver's public id, or this node's id),
     * {@code properties}, {@code timestamp} (ISO-8601) and a fresh {@code uuid}, which a retried batch keeps.
     */
    Map<String, Object> capture(Event event, long receivedAtMillis) {
        String driver = driverPublicId(event.getProperty(EventTopics.PROP_DRIVER));
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String key : FORWARDED_PROPERTIES) {
            Object value = event.getProperty(key);
            if (isForwardable(value)) {
                properties.put(key, value);
            }
        }
        properties.put("$lib", LIBRARY);
        if (driver == null) {
            properties.put(NO_PERSON_PROFILE, false);
        }
        Map<String, Object> capture = new LinkedHashMap<>();
        capture.put("event", eventName(event.getTopic()));
        capture.put("distinct_id", driver == null ? serverDistinctId : driver);
        capture.put("properties", properties);
        capture.put("timestamp", Instant.ofEpochMilli(timestamp(event, receivedAtMillis)).toString());
        capture.put("uuid", UUID.randomUUID().toString());
        return capture;
    }

    /** {@code org/nerava/auth/OTP_VERIFIED} → {@code auth.otp_verified}: the domain, a dot, the event, lower case. */
    static String eventName(String topic) {
        String name = topic.startsWith(TOPIC_PREFIX) ? topic.substring(TOPIC_PREFIX.length()) : topic;
        return name.replace('/', '.').toLowerCase(Locale.ROOT);
    }

    /** The driver's public id when it is one (a UUID); anything else is not used, let alone sent. */
    static String driverPublicId(Object value) {
        return value instanceof String id && UUID_SHAPE.matcher(id).matches() ? id : null;
    }

    static boolean isForwardable(Object value) {
        if (value instanceof Boolean) {
            return true;
        }
        if (!(value instanceof String text) || !PLAIN_VALUE.matcher(text).matches()) {
            return false;
        }
        if (UUID_SHAPE.matcher(text).matches()) {
            return true;
        }
        // A session token, or digits that could be a phone number (with or without separators) or a code.
        return !text.startsWith("nrv_") && !isMostlyDigits(text);
    }

    /** Six or more digits with nothing but separators between them: a phone number or a code. */
    private static boolean isMostlyDigits(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c != '-' && c != '.' && c != ':' && c != '_') {
                return false;
            }
        }
        return digits >= 6;
    }

    private static long timestamp(Event event, long receivedAtMillis) {
        return event.getProperty(EventTopics.PROP_TIMESTAMP) instanceof Long at && at > 0 ? at : receivedAtMillis;
    }
}
