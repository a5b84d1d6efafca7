package org.nerava.deployments.internal.rest;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;

import org.nerava.platform.ProblemException;
import org.nerava.platform.admin.AdminAuthenticated;
import org.nerava.platform.admin.AdminPrincipal;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * Fail-closed check behind the admin feature's authentication: a request to a resource marked
 * {@link AdminAuthenticated} that reaches this filter without an {@link AdminPrincipal} was authenticated by no one
 * (feature {@code nerava-admin} is not installed), and is refused with 503 {@code admin_auth_unavailable}. With the
 * admin feature present its filter runs first ({@code AUTHENTICATION} before {@code AUTHORIZATION}) and refuses bad
 * credentials itself, so this one only ever sees admins.
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsName(AdminRequired.NAME)
@Priority(Priorities.AUTHORIZATION)
public class AdminRequired implements ContainerRequestFilter {

    /** The filter's {@code osgi.jaxrs.name}; the deployments resource selects it. */
    public static final String NAME = "nerava.deployments-admin-required";

    @Context
    ResourceInfo resourceInfo;

    @Override
    public void filter(ContainerRequestContext request) {
        if (isAdminOnly() && !(request.getSecurityContext().getUserPrincipal() instanceof AdminPrincipal)) {
            throw ProblemException.unavailable("admin_auth_unavailable", "deployments need admin sign-in, which"
                    + " the nerava-admin feature provides; it is not installed (feature:install -r nerava-admin)");
        }
    }

    private boolean isAdminOnly() {
        return resourceInfo != null && resourceInfo.getResourceMethod() != null
                && (resourceInfo.getResourceMethod().isAnnotationPresent(AdminAuthenticated.class)
                        || resourceInfo.getResourceClass().isAnnotationPresent(AdminAuthenticated.class));
    }
}
