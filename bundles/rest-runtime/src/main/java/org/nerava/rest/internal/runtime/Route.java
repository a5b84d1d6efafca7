package org.nerava.rest.internal.runtime;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.ws.rs.HttpMethod;
import javax.ws.rs.Path;
import javax.ws.rs.core.MultivaluedHashMap;
import javax.ws.rs.core.MultivaluedMap;

import org.apache.cxf.jaxrs.model.URITemplate;

/**
 * One path a resource serves ({@code /v1/merchants/{id}}), matched the way CXF matches it: what the runtime remembers
 * of a feature that left, so its paths can answer {@code 503 feature_unavailable} rather than 404 while it is away.
 * The HTTP method is left out on purpose: a path of a feature that is away is away for every method.
 */
final class Route {

    private final String template;
    private final URITemplate matcher;
    /** A sub-resource locator serves everything below its path. */
    private final boolean prefix;

    private Route(String template, boolean prefix) {
        this.template = template;
        this.matcher = URITemplate.createTemplate(template);
        this.prefix = prefix;
    }

    /** The paths a resource object's class serves (its {@code @Path} joined with each method's). */
    static Set<Route> of(Class<?> resourceClass) {
        String classPath = classPath(resourceClass);
        if (classPath == null) {
            return Set.of();
        }
        Set<String> seen = new LinkedHashSet<>();
        List<Route> routes = new ArrayList<>();
        for (Method method : resourceClass.getMethods()) {
            Path methodPath = method.getAnnotation(Path.class);
            boolean resourceMethod = httpMethod(method);
            if (methodPath == null && !resourceMethod) {
                continue;
            }
            String joined = join(classPath, methodPath == null ? "" : methodPath.value());
            boolean locator = !resourceMethod;
            if (seen.add(joined + locator)) {
                routes.add(new Route(joined, locator));
            }
        }
        return Set.copyOf(routes);
    }

    /** True when a request for this path (as the servlet sees it, e.g. {@code /v1/merchants/favorites}) is this route's. */
    boolean matches(String path) {
        MultivaluedMap<String, String> values = new MultivaluedHashMap<>();
        if (!matcher.match(path, values)) {
            return false;
        }
        String rest = values.getFirst(URITemplate.FINAL_MATCH_GROUP);
        return prefix || rest == null || rest.isEmpty() || "/".equals(rest);
    }

    /** How specific the route is: of two routes matching one path, JAX-RS picks the one with more literal characters. */
    int literalCharacters() {
        return matcher.getLiteralChars().length();
    }

    String template() {
        return template;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Route && ((Route) other).template.equals(template) && ((Route) other).prefix == prefix;
    }

    @Override
    public int hashCode() {
        return template.hashCode() * 31 + (prefix ? 1 : 0);
    }

    @Override
    public String toString() {
        return prefix ? template + "/**" : template;
    }

    private static String classPath(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Path path = c.getAnnotation(Path.class);
            if (path != null) {
                return path.value();
            }
            for (Class<?> contract : c.getInterfaces()) {
                Path declared = contract.getAnnotation(Path.class);
                if (declared != null) {
                    return declared.value();
                }
            }
        }
        return null;
    }

    private static boolean httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            if (annotation.annotationType().isAnnotationPresent(HttpMethod.class)) {
                return true;
            }
        }
        return false;
    }

    private static String join(String classPath, String methodPath) {
        String joined = ("/" + classPath + "/" + methodPath).replaceAll("/{2,}", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}
