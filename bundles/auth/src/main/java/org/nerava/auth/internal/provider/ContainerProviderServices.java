package org.nerava.auth.internal.provider;

import java.util.function.Supplier;

import org.nerava.platform.concurrent.Failures;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Provider services as the framework holds them, taken through the auth bundle's context; why an activation failed
 * comes from the Declarative Services runtime, which keeps it for each component configuration.
 */
final class ContainerProviderServices implements ProviderActivations.Services<ServiceReference<?>> {

    private final BundleContext context;
    private final Supplier<ServiceComponentRuntime> runtime;

    ContainerProviderServices(BundleContext context, Supplier<ServiceComponentRuntime> runtime) {
        this.context = context;
        this.runtime = runtime;
    }

    @Override
    public Object take(ServiceReference<?> registration) {
        return context.getService(registration);
    }

    @Override
    public void giveBack(ServiceReference<?> registration) {
        try {
            context.ungetService(registration);
        } catch (IllegalStateException e) {
            // our bundle is stopping: the framework releases the service itself
        }
    }

    @Override
    public String failureOf(ServiceReference<?> registration) {
        ServiceComponentRuntime scr = runtime.get();
        Object name = registration.getProperty("component.name");
        Bundle bundle = registration.getBundle();
        if (scr == null || name == null || bundle == null) {
            return null;
        }
        ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(bundle, name.toString());
        if (description == null) {
            return null;
        }
        for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
            if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION && configuration.failure != null) {
                return Failures.rootCause(configuration.failure);
            }
        }
        return null;
    }

    @Override
    public String bundleOf(ServiceReference<?> registration) {
        Bundle bundle = registration.getBundle();
        return bundle == null ? "(unregistered)"
                : bundle.getSymbolicName() + " " + bundle.getVersion() + " [" + bundle.getBundleId() + "]";
    }
}
