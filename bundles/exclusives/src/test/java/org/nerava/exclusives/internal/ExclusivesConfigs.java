package org.nerava.exclusives.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** {@link ExclusivesConfig} as DS would build it: the annotation's defaults, overridden by the given properties. */
public final class ExclusivesConfigs {

    private ExclusivesConfigs() {
    }

    public static ExclusivesConfig with(Map<String, Object> properties) {
        Map<String, Object> values = new HashMap<>(properties);
        return (ExclusivesConfig) Proxy.newProxyInstance(ExclusivesConfig.class.getClassLoader(),
                new Class<?>[] {ExclusivesConfig.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? values.toString() : null;
                    }
                    return values.containsKey(method.getName()) ? values.get(method.getName())
                            : method.getDefaultValue();
                });
    }

    public static CurrentSettings settings(Map<String, Object> properties) {
        return new CurrentSettings(ExclusivesSettings.from(with(properties)));
    }
}
