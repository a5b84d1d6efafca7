package org.nerava.merchants.internal;

import java.util.Map;

import org.nerava.testing.ConfigAnnotations;

/** {@link MerchantsConfig} as DS would build it: the annotation's defaults, overridden by the given properties. */
public final class MerchantsConfigs {

    private MerchantsConfigs() {
    }

    public static MerchantsConfig with(Map<String, Object> properties) {
        return ConfigAnnotations.of(MerchantsConfig.class, properties);
    }

    public static CurrentSettings settings(Map<String, Object> properties) {
        return new CurrentSettings(MerchantsSettings.from(with(properties)));
    }
}
