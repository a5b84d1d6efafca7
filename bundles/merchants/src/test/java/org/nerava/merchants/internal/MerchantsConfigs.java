package org.nerava.merchants.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** {@link MerchantsConfig} as DS would build it: the annotation's defaults, overridden by the given properties. */
public final class MerchantsConfigs {

    private MerchantsConfigs() {
    }

    public static MerchantsConfig with(Map<String, Object> properties) {
        Map<String, Object> values = new HashMap<>(properties);
        return (MerchantsConfig) Proxy.newProxyInstance(MerchantsConfig.class.getClassLoader(),
                new Class<?>[] {MerchantsConfig.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? values.toString() : null;
                    }
                    return values.containsKey(method.getName()) ? values.get(method.getName())
                            : method.getDefaultValue();
                });
    }

    public static CurrentSettings settings(Map<String, Object> properties) {
        return new CurrentSettings(MerchantsSettings.from(with(properties)));
    }
}
