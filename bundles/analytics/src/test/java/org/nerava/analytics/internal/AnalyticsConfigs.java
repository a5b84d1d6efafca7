package org.nerava.analytics.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** {@link AnalyticsConfig} as DS would build it: the annotation's defaults, overridden by the given properties. */
public final class AnalyticsConfigs {

    private AnalyticsConfigs() {
    }

    public static AnalyticsConfig with(Map<String, Object> properties) {
        Map<String, Object> values = new HashMap<>(properties);
        return (AnalyticsConfig) Proxy.newProxyInstance(AnalyticsConfig.class.getClassLoader(),
                new Class<?>[] {AnalyticsConfig.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "AnalyticsConfig" : null;
                    }
                    return values.containsKey(method.getName()) ? values.get(method.getName())
                            : method.getDefaultValue();
                });
    }

    public static AnalyticsSettings settings(Map<String, Object> properties) {
        return AnalyticsSettings.from(with(properties));
    }
}
