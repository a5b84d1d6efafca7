package org.nerava.rest.internal.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.nerava.platform.openapi.ApiDoc;
import org.nerava.rest.internal.runtime.ServedApplication;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.osgi.util.tracker.ServiceTracker;

/**
 * {@code GET /openapi.json}: the OpenAPI document of exactly what the REST runtime serves now (its current
 * application's resources), so a resource left out for a missing extension is left out here too. Cached per
 * application: a feature that is installed or uninstalled is in the next answer after the swap.
 */
@Component(service = OpenApiResource.class)
@JaxrsResource
@JSONRequired
@Path("/openapi.json")
@ApiDoc(summary = "The API description")
public class OpenApiResource {

    private final ServiceTracker<ServedApplication, ServedApplication> runtime;
    private final String version;
    private volatile Cached cached;

    private record Cached(int generation, Map<String, Object> document) {
    }

    /**
     * The runtime is looked up, not referenced: this resource is activated while the runtime registers what it
     * serves, and a DS reference to it from here is a circle SCR refuses.
     */
    @Activate
    public OpenApiResource(BundleContext context) {
        this.runtime = new ServiceTracker<>(context, ServedApplication.class, null);
        this.runtime.open();
        this.version = context.getBundle().getVersion().toString();
    }

    @Deactivate
    void close() {
        runtime.close();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @ApiDoc(summary = "This OpenAPI 3 document, generated from the features installed now")
    public Response document() {
        ServedApplication application = runtime.getService();
        ServedApplication.Served served = application == null ? new ServedApplication.Served(0, List.of())
                : application.served();
        Cached current = cached;
        if (current == null || current.generation() != served.generation()) {
            current = new Cached(served.generation(),
                    OpenApiDocument.build(classes(served.resources()), OpenApiResource::featureOf, version));
            cached = current;
        }
        return Response.ok(current.document()).header("Cache-Control", "no-cache").build();
    }

    private static List<Class<?>> classes(List<Object> resources) {
        List<Class<?>> classes = new ArrayList<>();
        for (Object resource : resources) {
            if (!classes.contains(resource.getClass())) {
                classes.add(resource.getClass());
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
