package org.nerava.platform.internal.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;

class RestRuntimeTest {

    private static final String JSON_REQUIRED = "(osgi.jaxrs.media.type=application/json)";

    @Test
    void aResourceWithoutRequirementsIsAlwaysServed() {
        assertThat(RestRuntime.extensionsSatisfied(reference(Map.of()), List.of())).isTrue();
    }

    @Test
    void aJsonResourceWaitsForAJsonExtension() {
        ServiceReference<?> resource = reference(Map.of(RestRuntime.EXTENSION_SELECT, JSON_REQUIRED));
        ServiceReference<?> mapper = reference(Map.of("osgi.jaxrs.extension", "true"));
        ServiceReference<?> json = reference(Map.of("osgi.jaxrs.media.type", "application/json"));

        assertThat(RestRuntime.extensionsSatisfied(resource, List.of(mapper))).isFalse();
        assertThat(RestRuntime.extensionsSatisfied(resource, List.of(mapper, json))).isTrue();
    }

    @Test
    void everyRequirementOfAListMustBeMet() {
        ServiceReference<?> resource = reference(Map.of(RestRuntime.EXTENSION_SELECT,
                new String[] {JSON_REQUIRED, "(osgi.jaxrs.name=nerava.problems)"}));
        ServiceReference<?> json = reference(Map.of("osgi.jaxrs.media.type", "application/json"));
        ServiceReference<?> problems = reference(Map.of("osgi.jaxrs.name", "nerava.problems"));

        assertThat(RestRuntime.extensionsSatisfied(resource, List.of(json))).isFalse();
        assertThat(RestRuntime.extensionsSatisfied(resource, List.of(json, problems))).isTrue();
    }

    @Test
    void anUnparseableRequirementKeepsTheResourceOut() {
        ServiceReference<?> resource = reference(Map.of(RestRuntime.EXTENSION_SELECT, "(broken"));

        assertThat(RestRuntime.extensionsSatisfied(resource,
                List.of(reference(Map.of("osgi.jaxrs.media.type", "application/json"))))).isFalse();
    }

    private static ServiceReference<?> reference(Map<String, Object> properties) {
        ServiceReference<?> reference = mock(ServiceReference.class);
        when(reference.getPropertyKeys()).thenReturn(properties.keySet().toArray(String[]::new));
        properties.forEach((key, value) -> when(reference.getProperty(key)).thenReturn(value));
        return reference;
    }
}
