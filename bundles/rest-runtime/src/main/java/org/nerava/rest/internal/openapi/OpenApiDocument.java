package org.nerava.rest.internal.openapi;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Pattern;

import javax.ws.rs.BeanParam;
import javax.ws.rs.Consumes;
import javax.ws.rs.CookieParam;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.FormParam;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.MatrixParam;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.container.AsyncResponse;
import javax.ws.rs.container.Suspended;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.nerava.rest.internal.json.JsonMapping;
import org.nerava.platform.openapi.ApiDoc;
import org.nerava.platform.openapi.ApiSecurity;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

/**
 * Builds an OpenAPI 3.0 document, as a JSON tree of maps and lists, from JAX-RS resource classes by reflection: paths
 * from {@code @Path}, operations from the HTTP method annotations, parameters from {@code @PathParam},
 * {@code @QueryParam} and {@code @HeaderParam} (with {@code @DefaultValue}), the request body from the one
 * unannotated parameter, media types from {@code @Consumes}/{@code @Produces}, schemas from the body and return types
 * as the platform's Jackson mapper sees them (snake_case), prose from {@link ApiDoc} and authentication from
 * {@link ApiSecurity}. Every operation documents the problem responses the platform itself can give.
 */
public final class OpenApiDocument {

    static final String OPENAPI_VERSION = "3.0.3";
    static final String PROBLEM = "Problem";

    private static final Pattern REGEX_PARAMETER = Pattern.compile("\\{\\s*([^}:\\s]+)\\s*:[^}]*}");
    private static final Pattern SLASHES = Pattern.compile("/{2,}");
    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{([^}/]+)}");
    private static final Comparator<Method> METHOD_ORDER =
            Comparator.comparing(Method::getName).thenComparing(m -> Arrays.toString(m.getParameterTypes()));

    private final Map<String, Object> schemas = new TreeMap<>();
    private final Map<Class<?>, String> schemaNames = new HashMap<>();
    private final Set<String> operationIds = new HashSet<>();

    private OpenApiDocument() {
    }

    /**
     * @param resources the resource classes served now
     * @param tagOf the tag (the feature that serves it) of each class
     * @param version the API version to print in {@code info}
     */
    public static Map<String, Object> build(Collection<Class<?>> resources, Function<Class<?>, String> tagOf,
            String version) {
        return new OpenApiDocument().document(resources, tagOf, version);
    }

    private Map<String, Object> document(Collection<Class<?>> resources, Function<Class<?>, String> tagOf,
            String version) {
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        Map<String, String> tags = new TreeMap<>();
        schemas.put(PROBLEM, problemSchema());
        List<Class<?>> ordered = new ArrayList<>(resources);
        ordered.sort(Comparator.comparing(Class::getName));
        for (Class<?> resource : ordered) {
            String tag = tagOf.apply(resource);
            ApiDoc classDoc = resource.getAnnotation(ApiDoc.class);
            tags.merge(tag, classDoc == null ? "" : classDoc.summary(), (a, b) -> a.isEmpty() ? b : a);
            List<Method> methods = new ArrayList<>(List.of(resource.getMethods()));
            methods.sort(METHOD_ORDER);
            for (Method method : methods) {
                String httpMethod = httpMethodOf(method);
                if (httpMethod == null || Modifier.isStatic(method.getModifiers())) {
                    continue;
                }
                String path = pathOf(resource, method);
                paths.computeIfAbsent(path, p -> new TreeMap<>())
                        .put(httpMethod.toLowerCase(), operation(resource, method, tag));
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", OPENAPI_VERSION);
        doc.put("info", map("title", "Nerava Server API", "version", version, "description",
                "Generated from the JAX-RS resources of the features installed now: a feature that is uninstalled"
                        + " leaves this document. Every JSON field is snake_case; every error is an RFC 9457"
                        + " application/problem+json body with a stable `code`."));
        doc.put("servers", List.of(map("url", "/")));
        List<Object> tagList = new ArrayList<>();
        tags.forEach((name, description) -> tagList.add(description.isEmpty() ? map("name", name)
                : map("name", name, "description", description)));
        doc.put("tags", tagList);
        doc.put("paths", paths);
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("schemas", schemas);
        components.put("responses", Map.of(PROBLEM, map("description", "An RFC 9457 problem",
                "content", Map.of("application/problem+json", map("schema", ref(PROBLEM))))));
        components.put("securitySchemes", securitySchemes());
        doc.put("components", components);
        return doc;
    }

    private Map<String, Object> operation(Class<?> resource, Method method, String tag) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("tags", List.of(tag));
        ApiDoc doc = method.getAnnotation(ApiDoc.class);
        if (doc != null && !doc.summary().isEmpty()) {
            op.put("summary", doc.summary());
        }
        if (doc != null && !doc.description().isEmpty()) {
            op.put("description", doc.description());
        }
        op.put("operationId", operationId(resource, method));

        List<Object> parameters = new ArrayList<>();
        Parameter body = null;
        boolean pathParameters = false;
        for (Parameter parameter : method.getParameters()) {
            Map<String, Object> described = parameter(parameter);
            if (described != null) {
                parameters.add(described);
                pathParameters |= "path".equals(described.get("in"));
            } else if (isBody(parameter)) {
                body = parameter;
            }
        }
        // Every {name} of the path must be declared, also one the method itself does not read.
        java.util.regex.Matcher template = TEMPLATE_VARIABLE.matcher(pathOf(resource, method));
        while (template.find()) {
            String name = template.group(1);
            if (parameters.stream().noneMatch(p -> name.equals(((Map<?, ?>) p).get("name"))
                    && "path".equals(((Map<?, ?>) p).get("in")))) {
                parameters.add(map("name", name, "in", "path", "required", Boolean.TRUE, "schema",
                        map("type", "string")));
            }
            pathParameters = true;
        }
        if (!parameters.isEmpty()) {
            op.put("parameters", parameters);
        }
        if (body != null) {
            Map<String, Object> content = new LinkedHashMap<>();
            Map<String, Object> schema = schemaOf(JsonMapping.MAPPER.constructType(body.getParameterizedType()));
            for (String type : mediaTypes(method.getAnnotation(Consumes.class), resource.getAnnotation(Consumes.class))) {
                content.put(type, map("schema", schema));
            }
            op.put("requestBody", map("required", Boolean.TRUE, "content", content));
        }

        Map<String, Object> responses = new TreeMap<>();
        responses.putAll(success(resource, method, doc));
        Optional<ApiSecurity.Scheme> security = securityOf(resource, method);
        if (body != null || !parameters.isEmpty()) {
            responses.put("400", problemRef());
        }
        if (pathParameters) {
            responses.put("404", problemRef());
        }
        if (body != null) {
            responses.put("413", problemRef());
            responses.put("415", problemRef());
        }
        security.ifPresent(scheme -> {
            responses.put("401", problemRef());
            if (scheme == ApiSecurity.Scheme.ADMIN_BASIC) {
                responses.put("403", problemRef());
            }
            if (scheme == ApiSecurity.Scheme.DRIVER_BEARER) {
                responses.put("503", problemRef()); // auth_unavailable while the auth feature is absent
            }
            op.put("security", List.of(Map.of(scheme.id(), List.of())));
        });
        responses.put("default", problemRef());
        op.put("responses", responses);
        return op;
    }

    private Map<String, Object> success(Class<?> resource, Method method, ApiDoc doc) {
        JavaType type = responseType(method, doc);
        int status = doc != null && doc.status() != 0 ? doc.status()
                : type == null && !isAsync(method) && method.getReturnType() == void.class ? 204 : 200;
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("description", status == 204 ? "Done, no body" : "Success");
        if (status != 204) {
            Map<String, Object> schema = type == null ? map("type", "object", "description",
                    "see docs/api.md") : schemaOf(type);
            Map<String, Object> content = new LinkedHashMap<>();
            for (String media : mediaTypes(method.getAnnotation(Produces.class), resource.getAnnotation(Produces.class))) {
                content.put(media, map("schema", schema));
            }
            response.put("content", content);
        }
        return Map.of(Integer.toString(status), response);
    }

    /** The success body's type, or null when the code does not say it (Response, AsyncResponse, Object). */
    private static JavaType responseType(Method method, ApiDoc doc) {
        if (doc != null && doc.response() != Void.class) {
            return JsonMapping.MAPPER.constructType(doc.response());
        }
        JavaType type = JsonMapping.MAPPER.constructType(method.getGenericReturnType());
        if (CompletionStage.class.isAssignableFrom(type.getRawClass())) {
            type = type.containedTypeCount() == 1 ? type.containedType(0) : null;
        }
        if (type == null || type.getRawClass() == void.class || type.getRawClass() == Void.class
                || type.getRawClass() == Response.class || type.getRawClass() == Object.class) {
            return null;
        }
        return type;
    }

    private static boolean isAsync(Method method) {
        return Arrays.stream(method.getParameters()).anyMatch(p -> p.isAnnotationPresent(Suspended.class)
                || p.getType() == AsyncResponse.class);
    }

    private Map<String, Object> parameter(Parameter parameter) {
        String in;
        String name;
        if (parameter.isAnnotationPresent(PathParam.class)) {
            in = "path";
            name = parameter.getAnnotation(PathParam.class).value();
        } else if (parameter.isAnnotationPresent(QueryParam.class)) {
            in = "query";
            name = parameter.getAnnotation(QueryParam.class).value();
        } else if (parameter.isAnnotationPresent(HeaderParam.class)) {
            name = parameter.getAnnotation(HeaderParam.class).value();
            if (HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name)) {
                return null; // described by the operation's security requirement, as OpenAPI asks
            }
            in = "header";
        } else if (parameter.isAnnotationPresent(CookieParam.class)) {
            in = "cookie";
            name = parameter.getAnnotation(CookieParam.class).value();
        } else {
            return null;
        }
        Map<String, Object> schema = new LinkedHashMap<>(schemaOf(
                JsonMapping.MAPPER.constructType(parameter.getParameterizedType())));
        DefaultValue defaultValue = parameter.getAnnotation(DefaultValue.class);
        if (defaultValue != null) {
            schema.put("default", defaultValue.value());
        }
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("name", name);
        described.put("in", in);
        described.put("required", "path".equals(in));
        described.put("schema", schema);
        return described;
    }

    private static boolean isBody(Parameter parameter) {
        for (Class<? extends Annotation> ignored : List.of(Context.class, Suspended.class, BeanParam.class,
                FormParam.class, MatrixParam.class, PathParam.class, QueryParam.class, HeaderParam.class,
                CookieParam.class)) {
            if (parameter.isAnnotationPresent(ignored)) {
                return false;
            }
        }
        return parameter.getType() != AsyncResponse.class;
    }

    /** Method-level, then class-level {@link ApiSecurity}, also found on annotations such as name bindings. */
    static Optional<ApiSecurity.Scheme> securityOf(Class<?> resource, Method method) {
        Optional<ApiSecurity.Scheme> onMethod = securityOn(method.getAnnotations());
        return onMethod.isPresent() ? onMethod : securityOn(resource.getAnnotations());
    }

    private static Optional<ApiSecurity.Scheme> securityOn(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation instanceof ApiSecurity direct) {
                return Optional.of(direct.value());
            }
        }
        for (Annotation annotation : annotations) {
            ApiSecurity meta = annotation.annotationType().getAnnotation(ApiSecurity.class);
            if (meta != null) {
                return Optional.of(meta.value());
            }
        }
        return Optional.empty();
    }

    private static String httpMethodOf(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    /** The OpenAPI path: class and method {@code @Path} joined, regexes dropped ({@code {id: .+}} is {@code {id}}). */
    static String pathOf(Class<?> resource, Method method) {
        Path classPath = resource.getAnnotation(Path.class);
        Path methodPath = method.getAnnotation(Path.class);
        String joined = "/" + (classPath == null ? "" : classPath.value()) + "/"
                + (methodPath == null ? "" : methodPath.value());
        joined = REGEX_PARAMETER.matcher(joined).replaceAll("{$1}");
        joined = SLASHES.matcher(joined).replaceAll("/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    private String operationId(Class<?> resource, Method method) {
        String base = resource.getSimpleName() + "_" + method.getName();
        String id = base;
        for (int n = 2; !operationIds.add(id); n++) {
            id = base + "_" + n;
        }
        return id;
    }

    private static List<String> mediaTypes(Consumes onMethod, Consumes onClass) {
        String[] values = onMethod != null ? onMethod.value() : onClass != null ? onClass.value() : null;
        return split(values);
    }

    private static List<String> mediaTypes(Produces onMethod, Produces onClass) {
        String[] values = onMethod != null ? onMethod.value() : onClass != null ? onClass.value() : null;
        return split(values);
    }

    private static List<String> split(String[] values) {
        if (values == null || values.length == 0) {
            return List.of(MediaType.APPLICATION_JSON);
        }
        List<String> types = new ArrayList<>();
        for (String value : values) {
            for (String type : value.split(",")) {
                if (!type.isBlank() && !types.contains(type.trim())) {
                    types.add(type.trim());
                }
            }
        }
        return types;
    }

    /** The schema of a Java type as the platform's JSON mapper writes and reads it. */
    Map<String, Object> schemaOf(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == Optional.class && type.containedTypeCount() == 1) {
            return schemaOf(type.containedType(0));
        }
        if (raw == String.class || raw == char.class || raw == Character.class || CharSequence.class.isAssignableFrom(raw)) {
            return map("type", "string");
        }
        if (raw == UUID.class) {
            return map("type", "string", "format", "uuid");
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return map("type", "boolean");
        }
        if (raw == int.class || raw == Integer.class || raw == short.class || raw == Short.class
                || raw == byte.class || raw == Byte.class) {
            return map("type", "integer", "format", "int32");
        }
        if (raw == long.class || raw == Long.class || raw == BigInteger.class) {
            return map("type", "integer", "format", "int64");
        }
        if (raw == double.class || raw == Double.class || raw == BigDecimal.class) {
            return map("type", "number", "format", "double");
        }
        if (raw == float.class || raw == Float.class) {
            return map("type", "number", "format", "float");
        }
        if (raw == Instant.class || raw == OffsetDateTime.class || raw == ZonedDateTime.class) {
            return map("type", "string", "format", "date-time");
        }
        if (raw == LocalDate.class) {
            return map("type", "string", "format", "date");
        }
        if (raw.isEnum()) {
            List<Object> values = new ArrayList<>();
            for (Object constant : raw.getEnumConstants()) {
                values.add(JsonMapping.MAPPER.convertValue(constant, String.class));
            }
            return map("type", "string", "enum", values);
        }
        if (type.isArrayType() || type.isCollectionLikeType()) {
            return map("type", "array", "items", schemaOf(type.getContentType()));
        }
        if (type.isMapLikeType()) {
            Class<?> values = type.getContentType().getRawClass();
            return map("type", "object", "additionalProperties",
                    values == Object.class ? Boolean.TRUE : schemaOf(type.getContentType()));
        }
        if (raw == Object.class || JsonNode.class.isAssignableFrom(raw) || raw.isInterface()
                || raw.getName().startsWith("java.")) {
            return map("type", "object");
        }
        return ref(component(type));
    }

    /** Registers a bean type in {@code components.schemas} (once) and returns its name. */
    private String component(JavaType type) {
        Class<?> raw = type.getRawClass();
        String known = schemaNames.get(raw);
        if (known != null) {
            return known;
        }
        String name = raw.getSimpleName();
        for (int n = 2; schemas.containsKey(name); n++) {
            name = raw.getSimpleName() + n;
        }
        schemaNames.put(raw, name);
        schemas.put(name, Map.of()); // placeholder: a type that refers to itself finds its name
        BeanDescription bean = JsonMapping.MAPPER.getSerializationConfig().introspect(type);
        Map<String, Object> properties = new LinkedHashMap<>();
        for (BeanPropertyDefinition property : bean.findProperties()) {
            if (property.couldSerialize() || property.couldDeserialize()) {
                properties.put(property.getName(), schemaOf(property.getPrimaryType()));
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schemas.put(name, schema);
        return name;
    }

    private static Map<String, Object> problemSchema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("type", map("type", "string", "description", "urn:nerava:problem:<code>"));
        properties.put("title", map("type", "string"));
        properties.put("status", map("type", "integer", "format", "int32"));
        properties.put("detail", map("type", "string"));
        properties.put("code", map("type", "string", "description", "stable, machine-readable; see docs/api.md"));
        properties.put("request_id", map("type", "string", "description", "the X-Request-Id of the request"));
        return map("type", "object", "required", List.of("type", "title", "status", "code"),
                "properties", properties);
    }

    private static Map<String, Object> securitySchemes() {
        Map<String, Object> schemes = new LinkedHashMap<>();
        schemes.put(ApiSecurity.Scheme.DRIVER_BEARER.id(), map("type", "http", "scheme", "bearer", "description",
                "The access_token of POST /v1/auth/otp/verify"));
        schemes.put(ApiSecurity.Scheme.ADMIN_BASIC.id(), map("type", "http", "scheme", "basic", "description",
                "A Karaf user with the admin role (etc/users.properties)"));
        schemes.put(ApiSecurity.Scheme.INTERNAL_SECRET.id(), map("type", "apiKey", "in", "header", "name",
                "X-Internal-Secret", "description", "The configured internal secret (NERAVA_INTERNAL_SECRET)"));
        return schemes;
    }

    private static Map<String, Object> problemRef() {
        return Map.of("$ref", "#/components/responses/" + PROBLEM);
    }

    private static Map<String, Object> ref(String schema) {
        return Map.of("$ref", "#/components/schemas/" + schema);
    }

    /** An ordered map of key/value pairs. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

}
