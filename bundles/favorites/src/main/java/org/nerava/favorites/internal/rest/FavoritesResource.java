package org.nerava.favorites.internal.rest;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
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
 * {@code GET /v1/merchants/favorites}. A root of its own: its literal path is longer than the exclusives feature's
 * {@code /v1/merchants}, so the JAX-RS match picks it over that root's {@code /{id}} whichever features are installed.
 */
@Component(service = FavoritesResource.class)
@JaxrsResource
@JSONRequired
@Path("/v1/merchants/favorites")
@Produces(MediaType.APPLICATION_JSON)
@DriverAuthenticated
public class FavoritesResource {

    public record FavoriteList(List<FavoriteView> favorites) {
    }

    private final Favorites favorites;

    @Activate
    public FavoritesResource(@Reference Favorites favorites) {
        this.favorites = favorites;
    }

    @GET
    public FavoriteList list(@Context SecurityContext security) {
        String driver = ((DriverPrincipal) security.getUserPrincipal()).publicId();
        return new FavoriteList(favorites.list(driver).stream().map(FavoriteView::of).toList());
    }
}
