package org.nerava.platform.internal.rest;

import java.util.Map;
import java.util.Optional;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.SecurityContext;

import org.nerava.platform.Problem;
import org.nerava.platform.ProblemException;
import org.nerava.platform.auth.Authenticator;
import org.nerava.platform.auth.DriverAuthenticated;
import org.nerava.platform.auth.DriverPrincipal;
import org.nerava.platform.http.CallerSecurityContext;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards resources marked {@link DriverAuthenticated}: {@code Authorization: Bearer <token>} is resolved through
 * whichever {@link Authenticator} is bound. The authenticator is optional and dynamic: while the auth feature is
 * absent, protected endpoints answer 503 {@code auth_unavailable} and everything else keeps serving.
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsName("nerava.driver-auth")
@Priority(Priorities.AUTHENTICATION)
public class DriverAuthenticationFilter implements ContainerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(DriverAuthenticationFilter.class);
    private static final Map<String, String> CHALLENGE = Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Authenticator authenticator;

    @Context
    private ResourceInfo resourceInfo;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!isProtected()) {
            return;
        }
        Authenticator current = authenticator;
        if (current == null) {
            throw ProblemException.unavailable("auth_unavailable", "sign-in is not available right now; try again later");
        }
        String token = bearerToken(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            throw unauthorized("missing_token", "this endpoint needs an Authorization: Bearer token");
        }
        Optional<DriverPrincipal> driver;
        try {
            driver = current.authenticate(token);
        } catch (RuntimeException e) {
            LOG.warn("Authenticator failed; answering 503", e);
            throw ProblemException.unavailable("auth_unavailable", "sign-in is not available right now; try again later");
        }
        if (driver.isEmpty()) {
            throw unauthorized("invalid_token", "the token is unknown, expired or revoked; sign in again");
        }
        request.setSecurityContext(new CallerSecurityContext(driver.get(), "driver", "Bearer",
                request.getSecurityContext().isSecure()));
    }

    private boolean isProtected() {
        if (resourceInfo == null || resourceInfo.getResourceMethod() == null) {
            return false;
        }
        return resourceInfo.getResourceMethod().isAnnotationPresent(DriverAuthenticated.class)
                || resourceInfo.getResourceClass().isAnnotationPresent(DriverAuthenticated.class);
    }

    static String bearerToken(String authorization) {
        if (authorization == null || authorization.length() <= 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static ProblemException unauthorized(String code, String detail) {
        return new ProblemException(Problem.of(401, code, "Unauthorized", detail), CHALLENGE);
    }
}
