package org.nerava.analytics.internal;

import java.util.Map;

import org.nerava.testing.ConfigAnnotations;

/** {@link AnalyticsConfig} as DS would build it: the annotation's defaults, overridden by the given properties. */
public final class AnalyticsConfigs {

    private AnalyticsConfigs() {
    }

    public static AnalyticsConfig with(Map<String, Object> properties) {
        return ConfigAnnotations.of(AnalyticsConfig.class, properties);
    }

    public static AnalyticsSettings settings(Map<String, Object> properties) {
        return AnalyticsSettings.from(with(properties));
    }
}
