package org.nerava.exclusives.internal.rest;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;

import org.nerava.exclusives.internal.CurrentSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * Checks {@code X-Internal-Secret} on {@link InternalSecretRequired} endpoints before their body is read, so a
 * caller without the secret learns nothing from how a body is judged. The resource checks again itself, in case it
 * is ever served without this filter.
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsName("nerava.exclusives.internal-secret")
@InternalSecretRequired
@Priority(Priorities.AUTHENTICATION)
public class InternalSecretFilter implements ContainerRequestFilter {

    private final CurrentSettings settings;

    @Activate
    public InternalSecretFilter(@Reference CurrentSettings settings) {
        this.settings = settings;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        InternalSecret.check(settings.get().internalSecret(), request.getHeaderString(InternalSecret.HEADER));
    }
}
