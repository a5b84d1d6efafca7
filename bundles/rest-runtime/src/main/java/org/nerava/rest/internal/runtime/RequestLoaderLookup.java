package org.nerava.rest.internal.runtime;

import java.io.InputStream;
import java.util.List;

import org.apache.cxf.resource.ResourceManager;
import org.apache.cxf.resource.ResourceResolver;

/**
 * The bus's resource manager, except that the one lookup CXF's servlet makes for every request is answered from
 * memory. With no {@code ClassLoader} extension on the bus (ours has none: the context class loader of a request is
 * left as the HTTP server sets it), {@code ServletController.invoke} asks the resource manager for a class loader
 * named {@code ""}, and every resolver searches for it: the JVM's class path (opening its jars) and the CXF bundle's
 * class loader (dynamic imports, boot delegation), 6–9% of a JAX-RS request's CPU samples (JFR), to find nothing.
 * The answer depends only on the resolvers, so it is kept until one is added or removed.
 */
final class RequestLoaderLookup implements ResourceManager {

    /** What {@code ServletController} asks for on every request. */
    static final String NAME = "";

    private final ResourceManager resources;
    private volatile Answer answer;

    RequestLoaderLookup(ResourceManager resources) {
        this.resources = resources;
    }

    @Override
    public <T> T resolveResource(String name, Class<T> type) {
        if (type != ClassLoader.class || !NAME.equals(name)) {
            return resources.resolveResource(name, type);
        }
        Answer known = answer;
        if (known == null) {
            known = new Answer(resources.resolveResource(name, ClassLoader.class));
            answer = known;
        }
        return type.cast(known.loader());
    }

    @Override
    public <T> T resolveResource(String name, Class<T> type, List<ResourceResolver> resolvers) {
        return resources.resolveResource(name, type, resolvers);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        return resources.getResourceAsStream(name);
    }

    @Override
    public void addResourceResolver(ResourceResolver resolver) {
        resources.addResourceResolver(resolver);
        answer = null;
    }

    @Override
    public void removeResourceResolver(ResourceResolver resolver) {
        resources.removeResourceResolver(resolver);
        answer = null;
    }

    @Override
    public List<ResourceResolver> getResourceResolvers() {
        return resources.getResourceResolvers();
    }

    /** A resolved loader, possibly none. */
    private record Answer(ClassLoader loader) {
    }
}
