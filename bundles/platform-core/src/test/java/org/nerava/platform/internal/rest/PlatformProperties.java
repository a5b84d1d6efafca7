package org.nerava.platform.internal.rest;

import java.util.Map;

/** Properties of PID {@value PlatformConfig#PID} as Config Admin hands them to a component. */
final class PlatformProperties {

    static final long DEFAULT_MAX_BODY_BYTES = 65_536;

    private PlatformProperties() {
    }

    static Map<String, ?> maxBodyBytes(long bytes) {
        return Map.of("maxBodyBytes", bytes);
    }

    static Map<String, ?> corsAllowedOrigins(String... origins) {
        return Map.of("corsAllowedOrigins", origins);
    }
}
