package org.nerava.merchants.internal.rest;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.nerava.merchants.internal.catalog.Catalog;
import org.nerava.platform.ProblemException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code GET /v1/merchants} (nearby, nearest first) and {@code GET /v1/merchants/{id}}. Open to everyone: the
 * catalog is what the app shows before sign-in. The favorites feature serves {@code /v1/merchants/favorites} and
 * {@code /v1/merchants/{id}/favorite} from roots of its own, whose longer literal paths win the JAX-RS match.
 */
@Component(service = MerchantResource.class)
@JaxrsResource
@JSONRequired
@Path("/v1/merchants")
@Produces(MediaType.APPLICATION_JSON)
public class MerchantResource {

    static final double DEFAULT_RADIUS_METERS = 5_000;
    static final double MAX_RADIUS_METERS = 50_000;
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    static final int MAX_OFFSET = 10_000;

    /**
     * A page of a nearby search.
     *
     * @param nextOffset the {@code offset} of the next page; absent on the last one
     */
    public record MerchantList(List<MerchantView> merchants, Integer nextOffset) {
    }

    private final Catalog catalog;

    @Activate
    public MerchantResource(@Reference Catalog catalog) {
        this.catalog = catalog;
    }

    @GET
    public MerchantList nearby(@QueryParam("lat") String lat, @QueryParam("lng") String lng,
            @QueryParam("radius_m") String radius, @QueryParam("limit") String limit,
            @QueryParam("offset") String offset) {
        double latitude = QueryCoordinates.required(lat, "lat", -90, 90, "invalid_coordinates");
        double longitude = QueryCoordinates.required(lng, "lng", -180, 180, "invalid_coordinates");
        double radiusMeters = QueryCoordinates.optional(radius, "radius_m", 0, MAX_RADIUS_METERS,
                DEFAULT_RADIUS_METERS, "invalid_radius");
        if (radiusMeters <= 0) {
            throw ProblemException.badRequest("invalid_radius", "'radius_m' must be more than 0");
        }
        int max = QueryCoordinates.wholeNumber(limit, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT, "invalid_limit");
        int from = QueryCoordinates.wholeNumber(offset, "offset", 0, MAX_OFFSET, 0, "invalid_offset");
        Catalog.NearbyPage page = catalog.nearby(latitude, longitude, radiusMeters, from, max);
        return new MerchantList(page.merchants().stream()
                .map(n -> MerchantView.of(n.merchant(), catalog, n.distanceMeters())).toList(),
                page.more() ? from + page.merchants().size() : null);
    }

    @GET
    @Path("/{id}")
    public MerchantView merchant(@PathParam("id") String id) {
        return catalog.merchant(id).map(m -> MerchantView.of(m, catalog, null))
                .orElseThrow(() -> ProblemException.notFound("merchant_not_found", "no merchant with this id"));
    }
}
