package org.nerava.admin.internal.rest;

import java.time.Instant;
import java.util.List;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.nerava.admin.internal.security.AdminAuthenticationFilter;
import org.nerava.admin.internal.security.AdminTokens;
import org.nerava.admin.internal.session.AdminSession;
import org.nerava.admin.internal.session.AdminSessions;
import org.nerava.platform.Problem;
import org.nerava.platform.ProblemException;
import org.nerava.platform.admin.AdminAuthenticated;
import org.nerava.platform.admin.AdminPrincipal;
import org.nerava.platform.audit.AuditOutcome;
import org.nerava.platform.audit.AuditRecord;
import org.nerava.platform.audit.AuditTrail;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /v1/admin/sessions}: trade a password (HTTP Basic) once for a short-lived, revocable admin token, which the
 * console sends as {@code Authorization: Bearer} afterwards; end it; list and revoke sessions.
 */
@Component(service = SessionsResource.class)
@JaxrsResource
@JaxrsExtensionSelect({"(osgi.jaxrs.media.type=application/json)", "(osgi.jaxrs.name=" + AdminAuthenticationFilter.NAME + ")"})
@AdminAuthenticated
@Path("/v1/admin/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {

    /** The audit actions: a session opened, ended by its holder, revoked by another admin. */
    static final String OPEN = "admin.session.open";
    static final String CLOSE = "admin.session.close";
    static final String REVOKE = "admin.session.revoke";

    public record SessionView(String id, String user, Instant createdAt, Instant lastUsedAt, Instant endsAt) {
        static SessionView of(AdminSession session) {
            return new SessionView(session.id(), session.user(), Instant.ofEpochMilli(session.createdAt()),
                    Instant.ofEpochMilli(session.lastUsedAt()), Instant.ofEpochMilli(session.endsAt()));
        }
    }

    public record Opened(String token, String tokenType, SessionView session) {
    }

    public record SessionList(List<SessionView> sessions) {
    }

    private final AdminSessions sessions;
    private final AuditTrail audit;

    @Activate
    public SessionsResource(@Reference AdminSessions sessions, @Reference AuditTrail audit) {
        this.sessions = sessions;
        this.audit = audit;
    }

    /** Only a password opens a session: a token cannot renew itself past its lifetime. */
    @POST
    public Response open(@Context SecurityContext security) {
        if (!SecurityContext.BASIC_AUTH.equals(security.getAuthenticationScheme())) {
            throw new ProblemException(Problem.of(403, "password_required", "Forbidden",
                    "a session is opened with the user name and password (HTTP Basic), not with a session token"));
        }
        String actor = AdminPrincipal.actor(security.getUserPrincipal());
        AdminSessions.Opened opened = sessions.open(security.getUserPrincipal().getName());
        audit.record(new AuditRecord(actor, OPEN, opened.session().id(), AuditOutcome.SUCCESS,
                "ends by " + Instant.ofEpochMilli(opened.session().endsAt())));
        return Response.status(201)
                .entity(new Opened(opened.token(), "Bearer", SessionView.of(opened.session()))).build();
    }

    @GET
    public SessionList list() {
        return new SessionList(sessions.list().stream().map(SessionView::of).toList());
    }

    /** Signs out: ends the session whose token this request carries. */
    @DELETE
    @Path("/current")
    public Response close(@Context SecurityContext security, @Context HttpHeaders headers) {
        String token = AdminTokens.bearer(headers.getHeaderString(HttpHeaders.AUTHORIZATION))
                .orElseThrow(() -> ProblemException.badRequest("no_session",
                        "this request was not made with a session token; there is no session to end"));
        if (sessions.close(token)) {
            audit.record(new AuditRecord(AdminPrincipal.actor(security.getUserPrincipal()), CLOSE, "current",
                    AuditOutcome.SUCCESS, "signed out"));
        }
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{id}")
    public Response revoke(@PathParam("id") String id, @Context SecurityContext security) {
        if (id == null || id.length() > 36 || !sessions.revoke(id)) {
            throw ProblemException.notFound("session_not_found", "no live admin session has this id");
        }
        audit.record(new AuditRecord(AdminPrincipal.actor(security.getUserPrincipal()), REVOKE, id,
                AuditOutcome.SUCCESS, "revoked"));
        return Response.noContent().build();
    }
}
