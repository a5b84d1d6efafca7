package org.nerava.favorites.internal.rest;

import javax.ws.rs.DELETE;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.nerava.favorites.internal.Favorites;
import org.nerava.platform.auth.DriverAuthenticated;
import org.nerava.platform.auth.DriverPrincipal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code POST} and {@code DELETE /v1/merchants/{id}/favorite}, both idempotent: POST answers 201 when it added the
 * favorite and 200 when the driver had it (with the first {@code created_at}); DELETE answers 204 either way.
 */
@Component(service = FavoriteResource.class)
@JaxrsResource
@JSONRequired
@Path("/v1/merchants/{merchantId}/favorite")
@Produces(MediaType.APPLICATION_JSON)
@DriverAuthenticated
public class FavoriteResource {

    private final Favorites favorites;

    @Activate
    public FavoriteResource(@Reference Favorites favorites) {
        this.favorites = favorites;
    }

    @POST
    public Response add(@PathParam("merchantId") String merchantId, @Context SecurityContext security) {
        Favorites.Entry entry = favorites.add(driver(security), merchantId);
        return Response.status(entry.added() ? Response.Status.CREATED : Response.Status.OK)
                .entity(FavoriteView.of(entry)).build();
    }

    @DELETE
    public Response remove(@PathParam("merchantId") String merchantId, @Context SecurityContext security) {
        favorites.remove(driver(security), merchantId);
        return Response.noContent().build();
    }

    private static String driver(SecurityContext security) {
        return ((DriverPrincipal) security.getUserPrincipal()).publicId();
    }
}
