package org.nerava.deployments.internal;

import java.util.Map;

import org.nerava.testing.ConfigAnnotations;


/** {@link DeploymentsConfig} as DS would build it: the annotation's defaults, overridden by the given method values. */
final class DeploymentsConfigs {

    private DeploymentsConfigs() {
    }

    static DeploymentsConfig with(Map<String, Object> properties) {
        return ConfigAnnotations.of(DeploymentsConfig.class, properties);
    }
}
