package org.nerava.admin.internal.deploy;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import org.nerava.admin.internal.AdminConfig;

/** {@link AdminConfig} as DS would build it: the annotation's defaults, overridden by the given method values. */
final class AdminConfigs {

    private AdminConfigs() {
    }

    static AdminConfig with(Map<String, Object> properties) {
        Map<String, Object> values = new HashMap<>(properties);
        return (AdminConfig) Proxy.newProxyInstance(AdminConfig.class.getClassLoader(),
                new Class<?>[] {AdminConfig.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "AdminConfig" : null;
                    }
                    return values.containsKey(method.getName()) ? values.get(method.getName())
                            : method.getDefaultValue();
                });
    }
}
