package org.nerava.admin.internal.rest;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.nerava.admin.internal.security.AdminAuthenticationFilter;
import org.nerava.platform.admin.AdminAuthenticated;
import org.nerava.platform.fleet.Fleet;
import org.nerava.platform.fleet.Node;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code GET /v1/admin/nodes}: the nodes sharing this database, as each last recorded itself. */
@Component(service = NodesResource.class)
@JaxrsResource
@JaxrsExtensionSelect({"(osgi.jaxrs.media.type=application/json)", "(osgi.jaxrs.name=" + AdminAuthenticationFilter.NAME + ")"})
@AdminAuthenticated
@Path("/v1/admin/nodes")
@Produces(MediaType.APPLICATION_JSON)
public class NodesResource {

    public record NodeList(List<Node> nodes) {
    }

    private final Fleet fleet;

    @Activate
    public NodesResource(@Reference Fleet fleet) {
        this.fleet = fleet;
    }

    @GET
    public NodeList nodes() {
        return new NodeList(fleet.nodes());
    }
}
