package org.nerava.deployments.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;


/** {@link DeploymentsConfig} as DS would build it: the annotation's defaults, overridden by the given method values. */
final class DeploymentsConfigs {

    private DeploymentsConfigs() {
    }

    static DeploymentsConfig with(Map<String, Object> properties) {
        Map<String, Object> values = new HashMap<>(properties);
        return (DeploymentsConfig) Proxy.newProxyInstance(DeploymentsConfig.class.getClassLoader(),
                new Class<?>[] {DeploymentsConfig.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "DeploymentsConfig" : null;
                    }
                    return values.containsKey(method.getName()) ? values.get(method.getName())
                            : method.getDefaultValue();
                });
    }
}
