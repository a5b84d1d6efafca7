package org.nerava.exclusives.internal.rest;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.nerava.exclusives.internal.session.ExclusiveService;
import org.nerava.exclusives.internal.session.ExclusiveSession;
import org.nerava.exclusives.internal.session.ExclusiveStore;
import org.nerava.platform.ProblemException;
import org.nerava.platform.auth.DriverAuthenticated;
import org.nerava.platform.auth.DriverPrincipal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code /v1/exclusive}: activate an exclusive at the charger, see the active one, complete it for a reward. */
@Component(service = ExclusiveResource.class)
@JaxrsResource
@JSONRequired
@Path("/v1/exclusive")
@Produces(MediaType.APPLICATION_JSON)
@DriverAuthenticated
public class ExclusiveResource {

    /** {@code POST /v1/exclusive/activate} body: the merchant, its charger and where the driver is. */
    public record ActivateRequest(String merchantId, String chargerId, Double lat, Double lng) {
        public ActivateRequest {
            ProblemException.requireField(merchantId, "merchant_id");
            ProblemException.requireField(chargerId, "charger_id");
            ProblemException.requireField(lat, "lat");
            ProblemException.requireField(lng, "lng");
            if (!(lat >= -90 && lat <= 90) || !(lng >= -180 && lng <= 180)) {
                throw ProblemException.badRequest("invalid_coordinates",
                        "lat must be within -90..90 and lng within -180..180");
            }
        }
    }

    public record Completion(SessionView session, RewardView reward) {
    }

    private final ExclusiveService exclusives;

    @Activate
    public ExclusiveResource(@Reference ExclusiveService exclusives) {
        this.exclusives = exclusives;
    }

    @POST
    @Path("/activate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response activate(ActivateRequest request, @Context SecurityContext security) {
        ExclusiveSession session = exclusives.activate(driver(security), request.merchantId(), request.chargerId(),
                request.lat(), request.lng());
        return Response.status(Response.Status.CREATED).entity(SessionView.of(session)).build();
    }

    @GET
    @Path("/active")
    public SessionView active(@Context SecurityContext security) {
        return exclusives.active(driver(security)).map(SessionView::of).orElseThrow(() -> ProblemException.notFound(
                "no_active_session", "you have no active exclusive"));
    }

    @POST
    @Path("/{id}/complete")
    public Completion complete(@PathParam("id") String id, @Context SecurityContext security) {
        ExclusiveStore.Completed completed = exclusives.complete(id, driver(security));
        return new Completion(SessionView.of(completed.session()), RewardView.of(completed.reward()));
    }

    private static String driver(SecurityContext security) {
        return ((DriverPrincipal) security.getUserPrincipal()).publicId();
    }
}
