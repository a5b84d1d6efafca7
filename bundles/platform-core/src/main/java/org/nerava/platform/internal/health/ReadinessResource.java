package org.nerava.platform.internal.health;

import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.container.AsyncResponse;
import javax.ws.rs.container.Suspended;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * Readiness: every registered check ({@link ReadinessReports}), run off the request thread within a deadline. 503 only when a
 * critical check (the database) is down; anything else degraded still answers 200, with the detail in the body.
 */
@Component(service = ReadinessResource.class)
@JaxrsResource
@JSONRequired
@Path("/readyz")
public class ReadinessResource {

    @Reference
    private ReadinessReports reports;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public void readiness(@Suspended AsyncResponse response) {
        reports.run().whenComplete((report, failure) -> {
            if (failure != null) {
                response.resume(failure);
                return;
            }
            response.resume(Response.status(report.ready() ? 200 : 503).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("status", report.ready() ? "ready" : "unready", "checks", report.checks()))
                    .build());
        });
    }
}
