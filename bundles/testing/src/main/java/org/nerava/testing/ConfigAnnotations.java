package org.nerava.testing;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * A component's configuration annotation as Declarative Services builds it from a PID: the given properties by
 * method name, the annotation's defaults for the rest. Tests hand it to the real settings parser.
 */
public final class ConfigAnnotations {

    private ConfigAnnotations() {
    }

    public static <A> A of(Class<A> type, Map<String, ?> properties) {
        Map<String, Object> values = new HashMap<>(properties);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? type.getSimpleName() + values : null;
                    }
                    return values.containsKey(method.getName()) ? values.get(method.getName())
                            : method.getDefaultValue();
                }));
    }
}
