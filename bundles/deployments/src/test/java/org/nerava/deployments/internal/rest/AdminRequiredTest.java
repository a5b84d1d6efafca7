package org.nerava.deployments.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.lang.reflect.Method;
import java.security.Principal;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.SecurityContext;

import org.junit.jupiter.api.Test;
import org.nerava.platform.ProblemException;
import org.nerava.platform.admin.AdminPrincipal;

class AdminRequiredTest {

    /** A resource outside the admin API, for the requests the guard must let through untouched. */
    static final class Open {
        public String get() {
            return "open";
        }
    }

    @Test
    void anAdminResourceReachedWithoutAnAdminIsRefusedWith503NamingTheAdminFeature() throws Exception {
        AdminRequired guard = guarding(DeploymentsResource.class, DeploymentsResource.class.getMethod("get", String.class));

        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> guard.filter(request(null)));

        assertThat(refused.problem().getStatus()).isEqualTo(503);
        assertThat(refused.problem().getCode()).isEqualTo("admin_auth_unavailable");
        assertThat(refused.problem().getDetail()).contains("nerava-admin");
        assertThat(catchThrowableOfType(ProblemException.class, () -> guard.filter(request(() -> "mallory"))))
                .as("a principal that is not an admin's").isNotNull();
    }

    @Test
    void anAdminAuthenticatedByTheAdminFeaturePasses() throws Exception {
        AdminRequired guard = guarding(DeploymentsResource.class, DeploymentsResource.class.getMethod("get", String.class));
        assertThatCode(() -> guard.filter(request(new AdminPrincipal("alice")))).doesNotThrowAnyException();
    }

    @Test
    void resourcesOutsideTheAdminApiAreNotItsBusiness() throws Exception {
        AdminRequired guard = guarding(Open.class, Open.class.getMethod("get"));
        assertThatCode(() -> guard.filter(request(null))).doesNotThrowAnyException();
    }

    private static AdminRequired guarding(Class<?> resource, Method method) {
        ResourceInfo info = mock(ResourceInfo.class);
        when(info.getResourceMethod()).thenReturn(method);
        when(info.getResourceClass()).thenAnswer(invocation -> resource);
        AdminRequired guard = new AdminRequired();
        guard.resourceInfo = info;
        return guard;
    }

    private static ContainerRequestContext request(Principal caller) {
        SecurityContext security = mock(SecurityContext.class);
        when(security.getUserPrincipal()).thenReturn(caller);
        ContainerRequestContext request = mock(ContainerRequestContext.class);
        when(request.getSecurityContext()).thenReturn(security);
        return request;
    }
}
