package org.nerava.platform.internal.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.nerava.platform.openapi.ApiDoc;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * {@code GET /openapi.json}: the OpenAPI document of every JAX-RS resource service registered now, the same services
 * the REST runtime serves ({@code osgi.jaxrs.resource=true}). Built on request from a tracker, so a feature that is
 * installed or uninstalled appears in or leaves the next answer; cached until the set of resources changes.
 */
@Component(service = OpenApiResource.class)
@JaxrsResource
@JSONRequired
@Path("/openapi.json")
@ApiDoc(summary = "The API description")
public class OpenApiResource {

    private final BundleContext context;
    private final ServiceTracker<Object, ServiceReference<Object>> resources;
    private final String version;
    private volatile Cached cached;

    private record Cached(int trackingCount, Map<String, Object> document) {
    }

    @Activate
    public OpenApiResource(BundleContext context) throws InvalidSyntaxException {
        this.context = context;
        this.version = context.getBundle().getVersion().toString();
        // References only: getting the services here would activate them (and this very component, a resource too,
        // while it is being activated). Their classes are read when a request comes.
        this.resources = new ServiceTracker<>(context, context.createFilter("(osgi.jaxrs.resource=true)"),
                new ServiceTrackerCustomizer<Object, ServiceReference<Object>>() {
                    @Override
                    public ServiceReference<Object> addingService(ServiceReference<Object> reference) {
                        return reference;
                    }

                    @Override
                    public void modifiedService(ServiceReference<Object> reference, ServiceReference<Object> same) {
                    }

                    @Override
                    public void removedService(ServiceReference<Object> reference, ServiceReference<Object> same) {
                    }
                });
        this.resources.open(true);
    }

    @Deactivate
    void close() {
        resources.close();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc(summary = "This OpenAPI 3 document, generated from the features installed now")
    public Response document() {
        int count = resources.getTrackingCount();
        Cached current = cached;
        if (current == null || current.trackingCount() != count) {
            current = new Cached(count, OpenApiDocument.build(resourceClasses(), OpenApiResource::featureOf, version));
            cached = current;
        }
        return Response.ok(current.document()).header("Cache-Control", "no-cache").build();
    }

    private List<Class<?>> resourceClasses() {
        List<Class<?>> classes = new ArrayList<>();
        ServiceReference<Object>[] refs = resources.getServiceReferences();
        if (refs == null) {
            return classes;
        }
        for (ServiceReference<Object> ref : refs) {
            Object service = context.getService(ref);
            if (service != null) {
                try {
                    if (!classes.contains(service.getClass())) {
                        classes.add(service.getClass());
                    }
                } finally {
                    context.ungetService(ref);
                }
            }
        }
        return classes;
    }

    /** The tag of a resource: the symbolic name of the bundle (the feature) that serves it. */
    private static String featureOf(Class<?> resource) {
        Bundle bundle = FrameworkUtil.getBundle(resource);
        return bundle == null ? resource.getPackageName() : bundle.getSymbolicName();
    }
}
