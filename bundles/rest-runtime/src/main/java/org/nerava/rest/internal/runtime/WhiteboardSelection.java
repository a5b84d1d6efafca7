package org.nerava.rest.internal.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Which of the registered whiteboard services the one application serves, by the JAX-RS Whiteboard properties this
 * runtime implements: {@code osgi.jaxrs.application.select} (against the default application, the only one),
 * {@code osgi.jaxrs.name} (of two services with one name, the higher ranked wins) and
 * {@code osgi.jaxrs.extension.select} (a resource waits until every filter is met by a served extension).
 * Every reason a service is left out is reported.
 */
final class WhiteboardSelection {

    static final String NAME = "osgi.jaxrs.name";
    static final String APPLICATION_SELECT = "osgi.jaxrs.application.select";
    static final String EXTENSION_SELECT = "osgi.jaxrs.extension.select";
    /** The properties of the default application, what {@code osgi.jaxrs.application.select} filters see. */
    static final Map<String, Object> DEFAULT_APPLICATION = Map.of(NAME, ".default", "osgi.jaxrs.application.base", "/");

    private WhiteboardSelection() {
    }

    /** The extensions served, in ranking order. {@code extensions} must be in ranking order (highest first). */
    static List<ServiceReference<?>> extensions(List<? extends ServiceReference<?>> extensions,
            Consumer<String> leftOut) {
        return named(inDefaultApplication(extensions, leftOut), leftOut);
    }

    /** The resources served: in the default application, uniquely named, their extension filters met. */
    static List<ServiceReference<?>> resources(List<? extends ServiceReference<?>> resources,
            List<? extends ServiceReference<?>> servedExtensions, Consumer<String> leftOut) {
        List<ServiceReference<?>> served = new ArrayList<>();
        for (ServiceReference<?> resource : named(inDefaultApplication(resources, leftOut), leftOut)) {
            if (extensionsSatisfied(resource, servedExtensions, leftOut)) {
                served.add(resource);
            }
        }
        return served;
    }

    /** A resource that requires extensions (e.g. {@code @JSONRequired}) is served only once they are present. */
    static boolean extensionsSatisfied(ServiceReference<?> resource, List<? extends ServiceReference<?>> extensions,
            Consumer<String> leftOut) {
        for (String filterText : strings(resource.getProperty(EXTENSION_SELECT))) {
            Filter filter = filter(resource, EXTENSION_SELECT, filterText, leftOut);
            if (filter == null) {
                return false;
            }
            if (extensions.stream().noneMatch(filter::match)) {
                return false; // waiting for an extension, not an error
            }
        }
        return true;
    }

    private static List<ServiceReference<?>> inDefaultApplication(List<? extends ServiceReference<?>> services,
            Consumer<String> leftOut) {
        List<ServiceReference<?>> selected = new ArrayList<>();
        for (ServiceReference<?> service : services) {
            Object select = service.getProperty(APPLICATION_SELECT);
            if (select == null) {
                selected.add(service);
                continue;
            }
            Filter filter = filter(service, APPLICATION_SELECT, String.valueOf(select), leftOut);
            if (filter != null && filter.matches(DEFAULT_APPLICATION)) {
                selected.add(service);
            } else if (filter != null) {
                leftOut.accept(describe(service) + " selects an application other than the default one ("
                        + select + "); this runtime serves only the default application");
            }
        }
        return selected;
    }

    private static List<ServiceReference<?>> named(List<ServiceReference<?>> rankedFirst, Consumer<String> leftOut) {
        Set<String> names = new HashSet<>();
        List<ServiceReference<?>> unique = new ArrayList<>();
        for (ServiceReference<?> service : rankedFirst) {
            Object name = service.getProperty(NAME);
            if (name == null || names.add(String.valueOf(name))) {
                unique.add(service);
            } else {
                leftOut.accept(describe(service) + " has the " + NAME + " '" + name
                        + "' of a higher-ranked service, which is served instead");
            }
        }
        return unique;
    }

    private static Filter filter(ServiceReference<?> service, String property, String text, Consumer<String> leftOut) {
        try {
            return FrameworkUtil.createFilter(text);
        } catch (InvalidSyntaxException e) {
            leftOut.accept(describe(service) + " has an invalid " + property + ": " + text);
            return null;
        }
    }

    private static List<String> strings(Object value) {
        List<String> values = new ArrayList<>();
        if (value instanceof String) {
            values.add((String) value);
        } else if (value instanceof String[]) {
            values.addAll(List.of((String[]) value));
        } else if (value instanceof Iterable) {
            ((Iterable<?>) value).forEach(v -> values.add(String.valueOf(v)));
        }
        return values;
    }

    static String describe(ServiceReference<?> service) {
        Object name = service.getProperty(NAME);
        return "service " + service.getProperty("service.id") + (name == null ? "" : " (" + name + ")");
    }
}
