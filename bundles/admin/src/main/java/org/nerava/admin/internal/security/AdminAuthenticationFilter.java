package org.nerava.admin.internal.security;

import java.util.Map;
import java.util.Optional;

import javax.annotation.Priority;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.SecurityContext;

import org.nerava.admin.internal.guard.AdminSignInGuard;
import org.nerava.admin.internal.session.AdminSession;
import org.nerava.admin.internal.session.AdminSessions;
import org.nerava.platform.Problem;
import org.nerava.platform.ProblemException;
import org.nerava.platform.admin.AdminAuthenticated;
import org.nerava.platform.admin.AdminPrincipal;
import org.nerava.platform.audit.AuditOutcome;
import org.nerava.platform.audit.AuditRecord;
import org.nerava.platform.audit.AuditTrail;
import org.nerava.platform.http.CallerSecurityContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards every resource class or method marked {@link AdminAuthenticated}, whichever bundle it comes from: HTTP Basic
 * credentials of a Karaf user, checked against the JAAS realm {@value #REALM}, whose roles include {@value #ROLE}, or
 * an admin session token ({@code Bearer nas_...}, see {@link AdminSessions}) that such credentials opened. No credentials, a driver's bearer token or wrong credentials: 401 with
 * {@code WWW-Authenticate: Basic realm="nerava-admin"}; a Karaf user without the role: 403; a user name or client
 * address locked after failed sign-ins ({@link AdminSignInGuard}): 429 before any password is checked. Every refusal
 * is audited
 * as {@code admin.access} {@code DENIED}, with the user name tried and never the password.
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsName(AdminAuthenticationFilter.NAME)
@Priority(Priorities.AUTHENTICATION)
public class AdminAuthenticationFilter implements ContainerRequestFilter {

    /** The filter's {@code osgi.jaxrs.name}; admin resources select it, so they are never served without it. */
    public static final String NAME = "nerava.admin-auth";
    /** The audit action of a refused admin request. */
    public static final String ACTION = "admin.access";
    static final String REALM = "karaf";
    static final String ROLE = "admin";
    static final String CHALLENGE = "Basic realm=\"nerava-admin\"";
    /** The authentication scheme of a request signed in with a session token rather than a password. */
    public static final String SESSION_SCHEME = "Bearer";

    private static final Logger LOG = LoggerFactory.getLogger(AdminAuthenticationFilter.class);
    private static final String NEEDS = "the admin API needs HTTP Basic credentials of a Karaf user with the admin role";

    private final AuditTrail audit;
    private final AdminSignInGuard guard;
    private final AdminSessions sessions;
    private final KarafRealm realm = new KarafRealm(REALM, ROLE);

    @Context
    private ResourceInfo resourceInfo;

    @Context
    private HttpServletRequest http;

    @Activate
    public AdminAuthenticationFilter(@Reference AuditTrail audit, @Reference AdminSignInGuard guard,
            @Reference AdminSessions sessions) {
        this.audit = audit;
        this.guard = guard;
        this.sessions = sessions;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!isAdminOnly(resourceInfo)) {
            return;
        }
        String target = request.getMethod() + " /" + request.getUriInfo().getPath();
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Optional<String> sessionToken = AdminTokens.bearer(authorization);
        if (sessionToken.isPresent()) {
            authenticateSession(request, sessionToken.get(), target);
            return;
        }
        BasicCredentials credentials = BasicCredentials.parse(authorization);
        try {
            switch (credentials.kind()) {
                case NONE -> throw refuse(null, target, "no credentials", unauthorized("missing_credentials", NEEDS));
                case OTHER_SCHEME -> throw refuse(null, target, credentials.scheme() + " credentials, not Basic",
                        unauthorized("invalid_credentials", NEEDS + "; a driver's bearer token is not one"));
                case MALFORMED -> throw refuse(null, target, "malformed Basic credentials",
                        unauthorized("invalid_credentials", "the Basic credentials could not be read"));
                case BASIC -> authenticate(request, credentials, target);
                default -> throw new IllegalStateException(credentials.kind().name());
            }
        } finally {
            credentials.wipe();
        }
    }

    private void authenticate(ContainerRequestContext request, BasicCredentials credentials, String target) {
        String user = credentials.user();
        String address = guard.clientAddress(http.getRemoteAddr(), request.getHeaderString("X-Forwarded-For"));
        KarafRealm.Verdict verdict;
        try {
            guard.admit(user, address);
            verdict = realm.check(user, credentials.password());
        } catch (ProblemException locked) {
            throw refuse(user, target, "locked after failed sign-ins", locked);
        } catch (KarafRealm.UnavailableException | RuntimeException e) {
            // The realm or the shared failure counts cannot be read: refuse rather than let guesses through unslowed.
            LOG.error("Admin request refused: {}", e.getMessage());
            throw refuse(user, target, "admin sign-in unavailable", unavailable());
        }
        switch (verdict) {
            case GRANTED -> {
                forgetFailures(user, address);
                request.setSecurityContext(new CallerSecurityContext(new AdminPrincipal(user), ROLE,
                        SecurityContext.BASIC_AUTH, request.getSecurityContext().isSecure()));
            }
            case LACKS_ROLE -> throw refuse(user, target, "signed in, but without the admin role",
                    new ProblemException(Problem.of(403, "admin_role_required", "Forbidden",
                            "this Karaf user does not have the admin role")));
            case REFUSED -> {
                ProblemException answer = unauthorized("invalid_credentials", "wrong user name or password");
                try {
                    answer = guard.failed(user, address).orElse(answer);
                } catch (RuntimeException e) {
                    LOG.error("Could not count a failed admin sign-in: {}", e.getMessage());
                    answer = unavailable();
                }
                throw refuse(user, target, "wrong user name or password", answer);
            }
            default -> throw new IllegalStateException(verdict.name());
        }
    }

    /** Housekeeping after a right password: it failing must not refuse the admin. */
    private void forgetFailures(String user, String address) {
        try {
            guard.succeeded(user, address);
        } catch (RuntimeException e) {
            LOG.warn("Could not forget failed admin sign-ins: {}", e.getMessage());
        }
    }

    private static ProblemException unavailable() {
        return ProblemException.unavailable("admin_auth_unavailable",
                "admin sign-in is not available right now; see the server log");
    }

    private void authenticateSession(ContainerRequestContext request, String token, String target) {
        Optional<AdminSession> session;
        try {
            session = sessions.find(token);
        } catch (RuntimeException e) {
            LOG.error("Admin request refused: the sessions cannot be read: {}", e.getMessage());
            throw refuse(null, target, "admin sessions unavailable", unavailable());
        }
        if (session.isEmpty()) {
            throw refuse(null, target, "unknown or ended admin session", unauthorized("session_ended",
                    "the admin session has ended (signed out, idle, expired or revoked); sign in again"));
        }
        request.setSecurityContext(new CallerSecurityContext(new AdminPrincipal(session.get().user()), ROLE,
                SESSION_SCHEME, request.getSecurityContext().isSecure()));
    }

    /** True for a request matched to a resource class or method marked {@link AdminAuthenticated}. */
    static boolean isAdminOnly(ResourceInfo resource) {
        return resource != null && resource.getResourceMethod() != null
                && (resource.getResourceMethod().isAnnotationPresent(AdminAuthenticated.class)
                        || resource.getResourceClass().isAnnotationPresent(AdminAuthenticated.class));
    }

    /** Audits the refusal (the trail being down does not turn a 401 into a 500) and returns the problem to throw. */
    private ProblemException refuse(String user, String target, String reason, ProblemException problem) {
        String actor = user == null ? "anonymous" : "admin:" + printable(user);
        try {
            audit.record(new AuditRecord(actor, ACTION, printable(target), AuditOutcome.DENIED, printable(reason)));
        } catch (RuntimeException e) {
            LOG.warn("Could not audit a refused admin request ({} {}: {}): {}", actor, printable(target), reason,
                    e.getMessage());
        }
        return problem;
    }

    /** User names and paths come from the caller: one short line, no control characters, in logs and the trail. */
    static String printable(String text) {
        String line = text.replaceAll("\\p{Cntrl}", "?");
        return line.length() <= 100 ? line : line.substring(0, 100) + "…";
    }

    private static ProblemException unauthorized(String code, String detail) {
        return new ProblemException(Problem.of(401, code, "Unauthorized", detail),
                Map.of(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE));
    }
}
