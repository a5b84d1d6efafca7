package org.nerava.metrics.internal;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import javax.ws.rs.Path;

/**
 * The route template of a JAX-RS method ({@code /v1/merchants/{id}/favorite}), never the raw path: ids in a path
 * would make one time series per merchant, driver or session.
 */
final class RouteTemplates {

    /** Label of requests no resource method matched (404s, preflights answered by a filter). */
    static final String UNMATCHED = "unmatched";

    /** {@code {id: [0-9]+}} becomes {@code {id}}. */
    private static final Pattern REGEX_PARAMETER = Pattern.compile("\\{\\s*([^}:\\s]+)\\s*:[^}]*}");
    private static final Pattern SLASHES = Pattern.compile("/{2,}");

    private final Map<Method, String> cache = new ConcurrentHashMap<>();

    String of(Class<?> resourceClass, Method method) {
        if (resourceClass == null || method == null) {
            return UNMATCHED;
        }
        return cache.computeIfAbsent(method, m -> template(resourceClass, m));
    }

    static String template(Class<?> resourceClass, Method method) {
        return join(pathOf(resourceClass), method.getAnnotation(Path.class) == null ? ""
                : method.getAnnotation(Path.class).value());
    }

    /** Joins and normalises two {@code @Path} values: one leading slash, no doubled or trailing slash. */
    static String join(String classPath, String methodPath) {
        String joined = "/" + classPath + "/" + methodPath;
        joined = REGEX_PARAMETER.matcher(joined).replaceAll("{$1}");
        joined = SLASHES.matcher(joined).replaceAll("/");
        if (joined.length() > 1 && joined.endsWith("/")) {
            joined = joined.substring(0, joined.length() - 1);
        }
        return joined;
    }

    private static String pathOf(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Path path = c.getAnnotation(Path.class);
            if (path != null) {
                return path.value();
            }
        }
        return "";
    }
}
