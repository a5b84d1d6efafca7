package org.nerava.exclusives.internal;

import java.util.Map;

import org.nerava.testing.ConfigAnnotations;

/** {@link ExclusivesConfig} as DS would build it: the annotation's defaults, overridden by the given properties. */
public final class ExclusivesConfigs {

    private ExclusivesConfigs() {
    }

    public static ExclusivesConfig with(Map<String, Object> properties) {
        return ConfigAnnotations.of(ExclusivesConfig.class, properties);
    }

    public static CurrentSettings settings(Map<String, Object> properties) {
        return new CurrentSettings(ExclusivesSettings.from(with(properties)));
    }
}
