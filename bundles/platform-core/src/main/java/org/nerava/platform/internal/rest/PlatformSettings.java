package org.nerava.platform.internal.rest;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.nerava.platform.config.ConfigCheck;

/**
 * PID {@value PlatformConfig#PID} read and checked as a whole, once for each of its two readers (the body limit and
 * CORS), so that both refuse the same update and keep the same last good values. Left to Declarative Services, a
 * {@code maxBodyBytes} that was no number failed the body limit's activation: requests went through with no limit.
 */
record PlatformSettings(long maxBodyBytes, Set<String> corsAllowedOrigins) {

    static final Set<String> PROFILES = Set.of("dev", "prod");

    static ConfigCheck<PlatformConfig> check(Map<String, ?> properties) {
        return ConfigCheck.of(PlatformConfig.PID, PlatformConfig.class, properties).atLeast("maxBodyBytes", 1024)
                // Anything but dev already behaves as prod; refused, the typo is shown instead of silently meaning prod.
                .oneOf("profile", PROFILES);
    }

    static PlatformSettings from(PlatformConfig config) {
        // Both a real list and one comma-separated string (what an environment variable gives).
        Set<String> origins = Arrays.stream(config.corsAllowedOrigins())
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(origin -> !origin.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        return new PlatformSettings(config.maxBodyBytes(), origins);
    }
}
