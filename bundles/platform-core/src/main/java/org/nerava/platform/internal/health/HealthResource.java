package org.nerava.platform.internal.health;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * Liveness: answers as long as the container can serve HTTP at all. It touches no database, no provider and no
 * network, and needs no JSON provider, so nothing another bundle does can make it fail.
 */
@Component(service = HealthResource.class)
@JaxrsResource
@Path("/healthz")
public class HealthResource {

    static final String OK = "{\"status\":\"ok\"}";

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String health() {
        return OK;
    }
}
