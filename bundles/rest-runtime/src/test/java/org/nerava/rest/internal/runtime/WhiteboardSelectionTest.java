package org.nerava.rest.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;

class WhiteboardSelectionTest {

    private static final String JSON_REQUIRED = "(osgi.jaxrs.media.type=application/json)";

    private final List<String> leftOut = new ArrayList<>();

    @Test
    void aResourceWithoutRequirementsIsAlwaysServed() {
        ServiceReference<?> resource = reference(Map.of());

        assertThat(WhiteboardSelection.resources(List.of(resource), List.of(), leftOut::add)).containsExactly(resource);
    }

    @Test
    void aJsonResourceWaitsForAJsonExtensionWithoutAWarning() {
        ServiceReference<?> resource = reference(Map.of(WhiteboardSelection.EXTENSION_SELECT, JSON_REQUIRED));
        ServiceReference<?> mapper = reference(Map.of("osgi.jaxrs.extension", "true"));
        ServiceReference<?> json = reference(Map.of("osgi.jaxrs.media.type", "application/json"));

        assertThat(WhiteboardSelection.extensionsSatisfied(resource, List.of(mapper), leftOut::add)).isFalse();
        assertThat(WhiteboardSelection.extensionsSatisfied(resource, List.of(mapper, json), leftOut::add)).isTrue();
        assertThat(leftOut).isEmpty();
    }

    @Test
    void everyRequirementOfAListMustBeMet() {
        ServiceReference<?> resource = reference(Map.of(WhiteboardSelection.EXTENSION_SELECT,
                new String[] {JSON_REQUIRED, "(osgi.jaxrs.name=nerava.problems)"}));
        ServiceReference<?> json = reference(Map.of("osgi.jaxrs.media.type", "application/json"));
        ServiceReference<?> problems = reference(Map.of("osgi.jaxrs.name", "nerava.problems"));

        assertThat(WhiteboardSelection.extensionsSatisfied(resource, List.of(json), leftOut::add)).isFalse();
        assertThat(WhiteboardSelection.extensionsSatisfied(resource, List.of(json, problems), leftOut::add)).isTrue();
    }

    @Test
    void anUnparseableRequirementKeepsTheResourceOutAndSaysWhy() {
        ServiceReference<?> resource = reference(Map.of(WhiteboardSelection.EXTENSION_SELECT, "(broken"));

        assertThat(WhiteboardSelection.resources(List.of(resource),
                List.of(reference(Map.of("osgi.jaxrs.media.type", "application/json"))), leftOut::add)).isEmpty();
        assertThat(leftOut).singleElement().asString().contains("invalid osgi.jaxrs.extension.select");
    }

    @Test
    void aServiceSelectingTheDefaultApplicationIsServed() {
        ServiceReference<?> resource =
                reference(Map.of(WhiteboardSelection.APPLICATION_SELECT, "(osgi.jaxrs.name=.default)"));

        assertThat(WhiteboardSelection.resources(List.of(resource), List.of(), leftOut::add)).containsExactly(resource);
    }

    @Test
    void aServiceSelectingAnotherApplicationIsLeftOutAndSaysWhy() {
        ServiceReference<?> resource = reference(Map.of(WhiteboardSelection.APPLICATION_SELECT, "(osgi.jaxrs.name=shop)"));
        ServiceReference<?> extension = reference(Map.of(WhiteboardSelection.APPLICATION_SELECT, "(osgi.jaxrs.name=shop)"));

        assertThat(WhiteboardSelection.resources(List.of(resource), List.of(), leftOut::add)).isEmpty();
        assertThat(WhiteboardSelection.extensions(List.of(extension), leftOut::add)).isEmpty();
        assertThat(leftOut).hasSize(2).allSatisfy(why -> assertThat(why).contains("only the default application"));
    }

    @Test
    void ofTwoServicesWithOneNameTheHigherRankedIsServed() {
        ServiceReference<?> higher = reference(Map.of(WhiteboardSelection.NAME, "nerava.json"));
        ServiceReference<?> lower = reference(Map.of(WhiteboardSelection.NAME, "nerava.json"));

        assertThat(WhiteboardSelection.extensions(List.of(higher, lower), leftOut::add)).containsExactly(higher);
        assertThat(leftOut).singleElement().asString().contains("'nerava.json'");
    }

    private static ServiceReference<?> reference(Map<String, Object> properties) {
        ServiceReference<?> reference = mock(ServiceReference.class);
        when(reference.getPropertyKeys()).thenReturn(properties.keySet().toArray(String[]::new));
        properties.forEach((key, value) -> when(reference.getProperty(key)).thenReturn(value));
        // Filters match services by their properties, as the framework's own references do.
        when(reference.getProperties()).thenReturn(new Hashtable<>(properties));
        return reference;
    }
}
