package org.nerava.exclusives.internal.rest;

import javax.ws.rs.Consumes;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.nerava.exclusives.internal.CurrentSettings;
import org.nerava.exclusives.internal.session.ExclusiveService;
import org.nerava.exclusives.internal.session.ExclusiveStore;
import org.nerava.platform.ProblemException;
import org.nerava.platform.audit.AuditOutcome;
import org.nerava.platform.audit.AuditRecord;
import org.nerava.platform.audit.AuditTrail;
import org.nerava.platform.auth.DriverDirectory;
import org.nerava.platform.auth.DriverPrincipal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code POST /v1/admin/internal/demo/simulate-verified-visit}: a completed exclusive and its reward for a driver
 * (found or created by phone), for demos away from a charger. Guarded by {@code X-Internal-Secret}; absent (404)
 * while no secret is configured. Recorded in the audit trail.
 */
@Component(service = DemoResource.class)
@JaxrsResource
@JSONRequired
@Path("/v1/admin/internal/demo")
@Produces(MediaType.APPLICATION_JSON)
public class DemoResource {

    public record VisitRequest(String phone, String merchantId) {
        public VisitRequest {
            ProblemException.requireField(phone, "phone");
            ProblemException.requireField(merchantId, "merchant_id");
        }
    }

    public record SimulatedVisit(String driverPublicId, String sessionId, String rewardId, String merchantId,
            String chargerId) {
    }

    private final ExclusiveService exclusives;
    private final CurrentSettings settings;
    private final AuditTrail audit;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DriverDirectory drivers;

    @Activate
    public DemoResource(@Reference ExclusiveService exclusives, @Reference CurrentSettings settings,
            @Reference AuditTrail audit) {
        this.exclusives = exclusives;
        this.settings = settings;
        this.audit = audit;
    }

    @POST
    @Path("/simulate-verified-visit")
    @Consumes(MediaType.APPLICATION_JSON)
    @InternalSecretRequired
    public Response simulateVerifiedVisit(@HeaderParam(InternalSecret.HEADER) String secret, VisitRequest request) {
        InternalSecret.check(settings.get().internalSecret(), secret);
        DriverDirectory directory = drivers;
        if (directory == null) {
            throw ProblemException.unavailable("auth_unavailable",
                    "drivers cannot be looked up right now (the auth feature is not running)");
        }
        DriverPrincipal driver = directory.findOrCreate(request.phone());
        ExclusiveStore.Completed visit = exclusives.simulateVisit(driver.publicId(), request.merchantId());
        audit.record(new AuditRecord("internal-secret", "demo.verified_visit", visit.session().id(),
                AuditOutcome.SUCCESS, "driver " + driver.publicId() + ", merchant " + visit.session().merchantId()
                        + ", reward " + visit.reward().id()));
        return Response.status(Response.Status.CREATED).entity(new SimulatedVisit(driver.publicId(),
                visit.session().id(), visit.reward().id(), visit.session().merchantId(), visit.session().chargerId()))
                .build();
    }
}
