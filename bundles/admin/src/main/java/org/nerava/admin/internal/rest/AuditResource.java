package org.nerava.admin.internal.rest;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.nerava.platform.admin.AdminAuthenticated;
import org.nerava.admin.internal.security.AdminAuthenticationFilter;
import org.nerava.platform.ProblemException;
import org.nerava.platform.admin.Paging;
import org.nerava.platform.audit.AuditEntry;
import org.nerava.platform.audit.AuditQuery;
import org.nerava.platform.audit.AuditTrail;
import org.nerava.platform.audit.AuditVerification;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code GET /v1/admin/audit}: the audit trail, newest first, filtered by actor and action. */
@Component(service = AuditResource.class)
@JaxrsResource
@JaxrsExtensionSelect({"(osgi.jaxrs.media.type=application/json)", "(osgi.jaxrs.name=" + AdminAuthenticationFilter.NAME + ")"})
@AdminAuthenticated
@Path("/v1/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    public record AuditPage(List<AuditEntry> entries, int offset, int limit) {
    }

    private static final int MAX_FILTER = 200;

    private final AuditTrail audit;

    @Activate
    public AuditResource(@Reference AuditTrail audit) {
        this.audit = audit;
    }

    @GET
    public AuditPage find(@QueryParam("actor") String actor, @QueryParam("action") String action,
            @QueryParam("page") String page, @QueryParam("size") String size, @QueryParam("limit") String limit,
            @QueryParam("offset") String offset) {
        Paging paging = Paging.of(page, size, limit, offset, AuditQuery.MAX_LIMIT);
        List<AuditEntry> entries = audit.find(new AuditQuery(filter("actor", actor), filter("action", action),
                paging.offset(), paging.limit()));
        return new AuditPage(entries, paging.offset(), paging.limit());
    }

    /**
     * {@code GET /v1/admin/audit/verify}: whether the hash chain holds. 200 either way (the check itself worked);
     * {@code intact} says the verdict, and a broken chain names its first bad entry.
     */
    @GET
    @Path("/verify")
    public AuditVerification verify() {
        return audit.verify();
    }

    private static String filter(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_FILTER) {
            throw ProblemException.badRequest("invalid_field",
                    "query parameter '" + name + "' is longer than " + MAX_FILTER + " characters");
        }
        return value.strip();
    }
}
