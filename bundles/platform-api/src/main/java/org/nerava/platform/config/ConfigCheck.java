package org.nerava.platform.config;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A PID's properties read into its configuration annotation {@code A} and checked as a whole. Each property is
 * coerced as Declarative Services would (a text {@code "6"} is the number 6; property names follow the DS mapping,
 * {@code _codeHmacKeys} reads {@code .codeHmacKeys}); a value that is not of its type, or out of the range declared
 * with {@link #within}/{@link #atLeast}, is a {@link ConfigProblem} naming the PID, the key, the value and what is
 * allowed. {@link #values()} never throws: a refused key reads as the annotation's default.
 *
 * <pre>
 * ConfigCheck&lt;AuthConfig&gt; checked = ConfigCheck.of(AuthConfig.PID, AuthConfig.class, properties)
 *         .within("codeLength", 4, 10).atLeast("sendsPerHour", 1);
 * if (checked.problems().isEmpty()) { apply(checked.values()); } else { keepTheLastGoodAndReport(checked.problems()); }
 * </pre>
 *
 * @param <A> the configuration annotation (the one named by the component's {@code @Designate})
 */
public final class ConfigCheck<A> {

    private final String pid;
    private final Class<A> type;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, Object> given = new LinkedHashMap<>();
    private final Map<String, ConfigProblem> problems = new LinkedHashMap<>();
    private final Map<String, Method> methods = new LinkedHashMap<>();

    private ConfigCheck(String pid, Class<A> type, Map<String, ?> properties) {
        this.pid = pid;
        this.type = type;
        for (Method method : type.getDeclaredMethods()) {
            if (method.getParameterCount() != 0 || method.isSynthetic()) {
                continue;
            }
            String key = propertyName(method.getName());
            methods.put(key, method);
            Object raw = properties.get(key);
            if (raw == null) {
                values.put(method.getName(), method.getDefaultValue());
                continue;
            }
            given.put(key, raw);
            try {
                values.put(method.getName(), coerce(raw, method.getReturnType()));
            } catch (IllegalArgumentException e) {
                values.put(method.getName(), method.getDefaultValue());
                problems.put(key, new ConfigProblem(pid, key, shown(key, raw), e.getMessage()));
            }
        }
    }

    /** Reads and type-checks {@code properties} (as Config Admin gives them) into {@code type}. */
    public static <A> ConfigCheck<A> of(String pid, Class<A> type, Map<String, ?> properties) {
        return new ConfigCheck<>(pid, type, properties == null ? Map.of() : properties);
    }

    /** Refuses a number of key {@code key} outside {@code [min, max]}. */
    public ConfigCheck<A> within(String key, long min, long max) {
        return range(key, min, max, "a whole number from " + min + " to " + max);
    }

    /** Refuses a number of key {@code key} below {@code min}. */
    public ConfigCheck<A> atLeast(String key, long min) {
        return range(key, min, Long.MAX_VALUE, "a whole number of at least " + min);
    }

    /** Refuses a text of key {@code key} that is not one of {@code allowed} (compared ignoring case and spaces). */
    public ConfigCheck<A> oneOf(String key, Set<String> allowed) {
        Method method = method(key);
        Object value = values.get(method.getName());
        ConfigProblem known = problems.get(key);
        String text = value == null ? "" : value.toString().strip().toLowerCase(Locale.ROOT);
        if (known == null && given.containsKey(key) && !allowed.contains(text)) {
            refuse(key, "one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
        return this;
    }

    /**
     * Refuses a key for a reason of the bundle's own (a region that does not exist, a malformed entry). Call it before
     * {@link #values()} so the key reads as its default.
     */
    public ConfigCheck<A> refuse(String key, String allowed) {
        Method method = method(key);
        problems.put(key, new ConfigProblem(pid, key, shown(key, given.get(key)), allowed));
        values.put(method.getName(), method.getDefaultValue());
        return this;
    }

    /**
     * Refuses a URL of key {@code key} as {@link #refuse} does, shown without its user info and query: either may carry
     * a credential (a password, a token of the receiver's). Text that is no URL is cut at its first {@code @} or
     * {@code ?}, for the same reason.
     */
    public ConfigCheck<A> refuseUrl(String key, String allowed) {
        Method method = method(key);
        Object value = values.get(method.getName());
        String shown = key.startsWith(".") || !(value instanceof String url) ? shown(key, given.get(key))
                : redactedUrl(url.strip());
        problems.put(key, new ConfigProblem(pid, key, shown, allowed));
        values.put(method.getName(), method.getDefaultValue());
        return this;
    }

    /** Every value refused, in the order of the annotation's methods; empty when the configuration is good. */
    public List<ConfigProblem> problems() {
        return List.copyOf(problems.values());
    }

    /** The configuration with every refused key at its default; accessors never throw. */
    public A values() {
        Map<String, Object> snapshot = Map.copyOf(values);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "annotationType":
                    return type;
                case "toString":
                    return type.getSimpleName() + snapshot;
                case "hashCode":
                    return snapshot.hashCode();
                case "equals":
                    return proxy == args[0];
                default:
                    Object value = snapshot.get(method.getName());
                    return value != null && value.getClass().isArray() ? cloneArray(value) : value;
            }
        }));
    }

    private ConfigCheck<A> range(String key, long min, long max, String allowed) {
        Method method = method(key);
        ConfigProblem known = problems.get(key);
        if (known != null) {
            // Not a number at all: say what would be, range included.
            problems.put(key, new ConfigProblem(pid, key, known.value(), allowed));
            return this;
        }
        Object value = values.get(method.getName());
        if (value instanceof Number number && (number.longValue() < min || number.longValue() > max)) {
            refuse(key, allowed);
        }
        return this;
    }

    private Method method(String key) {
        Method method = methods.get(key);
        if (method == null) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no property " + key);
        }
        return method;
    }

    private String shown(String key, Object raw) {
        // A property whose name starts with a dot is private to the component: it may hold a secret.
        return key.startsWith(".") ? "********" : ConfigProblem.shown(raw);
    }

    private static String redactedUrl(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getUserInfo() == null && uri.getRawQuery() == null) {
                return url;
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme() + "://";
            String host = uri.getHost() == null ? "" : uri.getHost();
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            return scheme + (uri.getUserInfo() == null ? "" : "****@") + host + port + path
                    + (uri.getRawQuery() == null ? "" : "?****");
        } catch (URISyntaxException e) {
            int at = url.indexOf('@');
            int query = url.indexOf('?');
            int cut = at < 0 ? query : query < 0 ? at : Math.min(at, query);
            return cut < 0 ? url : url.substring(0, cut) + "****";
        }
    }

    /** The Declarative Services mapping of an annotation method name to a property name. */
    static String propertyName(String method) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c == '$') {
                if (method.startsWith("$_$", i)) {
                    name.append('-');
                    i += 2;
                } else if (i + 1 < method.length() && method.charAt(i + 1) == '$') {
                    name.append('$');
                    i++;
                }
            } else if (c == '_') {
                if (i + 1 < method.length() && method.charAt(i + 1) == '_') {
                    name.append('_');
                    i++;
                } else {
                    name.append('.');
                }
            } else {
                name.append(c);
            }
        }
        return name.toString();
    }

    private static Object coerce(Object raw, Class<?> target) {
        if (target.isArray()) {
            List<Object> elements = new ArrayList<>();
            for (Object element : elementsOf(raw)) {
                elements.add(coerce(element, target.getComponentType()));
            }
            Object array = Array.newInstance(target.getComponentType(), elements.size());
            for (int i = 0; i < elements.size(); i++) {
                Array.set(array, i, elements.get(i));
            }
            return array;
        }
        List<Object> elements = elementsOf(raw);
        Object single = elements.isEmpty() ? null : elements.get(0);
        if (single == null) {
            throw new IllegalArgumentException("a value");
        }
        if (target == String.class) {
            return single.toString();
        }
        String text = single.toString().strip();
        if (target == int.class || target == long.class || target == short.class || target == byte.class) {
            long number;
            if (single instanceof Number n && !(single instanceof Double) && !(single instanceof Float)) {
                number = n.longValue();
            } else {
                try {
                    number = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("a whole number");
                }
            }
            if (target == int.class) {
                if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("a whole number that fits 32 bits");
                }
                return (int) number;
            }
            return target == long.class ? number : target == short.class ? (short) number : (byte) number;
        }
        if (target == double.class || target == float.class) {
            try {
                double number = single instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
                return target == double.class ? number : (float) number;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a number");
            }
        }
        if (target == boolean.class) {
            if (single instanceof Boolean b) {
                return b;
            }
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(text);
            }
            throw new IllegalArgumentException("true or false");
        }
        if (target == char.class) {
            if (text.length() == 1) {
                return text.charAt(0);
            }
            throw new IllegalArgumentException("one character");
        }
        if (target.isEnum()) {
            for (Object constant : target.getEnumConstants()) {
                if (((Enum<?>) constant).name().equalsIgnoreCase(text)) {
                    return constant;
                }
            }
            List<String> names = new ArrayList<>();
            for (Object constant : target.getEnumConstants()) {
                names.add(((Enum<?>) constant).name());
            }
            throw new IllegalArgumentException("one of " + String.join(", ", names));
        }
        if (target == Class.class) {
            throw new IllegalArgumentException("a value this check cannot read (class)");
        }
        throw new IllegalArgumentException("a value of type " + target.getSimpleName());
    }

    private static List<Object> elementsOf(Object raw) {
        List<Object> elements = new ArrayList<>();
        if (raw == null) {
            return elements;
        }
        if (raw.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(raw); i++) {
                elements.add(Array.get(raw, i));
            }
        } else if (raw instanceof Collection<?> collection) {
            elements.addAll(collection);
        } else {
            elements.add(raw);
        }
        return elements;
    }

    private static Object cloneArray(Object array) {
        int length = Array.getLength(array);
        Object copy = Array.newInstance(array.getClass().getComponentType(), length);
        System.arraycopy(array, 0, copy, 0, length);
        return copy;
    }
}
