package org.nerava.platform.internal.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nerava.platform.doctor.Finding;
import org.nerava.platform.persistence.MigratedSchema;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

class FeaturesDoctorCheckTest {

    private final Map<ComponentDescriptionDTO, Collection<ComponentConfigurationDTO>> components = new LinkedHashMap<>();

    @Test
    void componentsWaitingOnlyOnAMigratedSchemaDirectlyOrThroughOthersAreExpectedInCheckMode() {
        add("a.Store", ComponentConfigurationDTO.UNSATISFIED_REFERENCE, List.of("a.Store"),
                reference("schema", MigratedSchema.class.getName()));
        add("a.Resource", ComponentConfigurationDTO.UNSATISFIED_REFERENCE, List.of(),
                reference("store", "a.Store"));
        add("a.Fine", ComponentConfigurationDTO.ACTIVE, List.of());

        Finding inCheckMode = FeaturesDoctorCheck.judge(components, true);
        assertThat(inCheckMode.state()).isEqualTo(Finding.State.OK);
        assertThat(inCheckMode.detail()).contains("1 component(s) running, 2 waiting for a migrated schema");
        assertThat(FeaturesDoctorCheck.judge(components, false).state()).isEqualTo(Finding.State.WARN);
    }

    @Test
    void aComponentWaitingOnAServiceNobodyProvidesIsAWarningAndAFailedActivationAFailure() {
        add("b.Needy", ComponentConfigurationDTO.UNSATISFIED_REFERENCE, List.of(), reference("x", "b.Missing"));
        Finding warned = FeaturesDoctorCheck.judge(components, true);
        assertThat(warned.state()).isEqualTo(Finding.State.WARN);
        assertThat(warned.detail()).contains("Needy (needs b.Missing)");

        ComponentConfigurationDTO failed = add("b.Broken", ComponentConfigurationDTO.FAILED_ACTIVATION, List.of());
        failed.failure = "java.lang.reflect.InvocationTargetException\n\tat somewhere\nCaused by:"
                + " java.lang.IllegalStateException: runs only with profile=dev\n\tat elsewhere";
        Finding failure = FeaturesDoctorCheck.judge(components, true);
        assertThat(failure.state()).isEqualTo(Finding.State.FAIL);
        assertThat(failure.detail()).contains("Broken (java.lang.IllegalStateException: runs only with profile=dev)")
                .doesNotContain("somewhere").doesNotContain("InvocationTargetException");
    }

    private ComponentConfigurationDTO add(String name, int state, List<String> services, ReferenceDTO... references) {
        ComponentDescriptionDTO description = new ComponentDescriptionDTO();
        description.name = name;
        description.serviceInterfaces = services.toArray(String[]::new);
        description.references = references;
        ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
        configuration.description = description;
        configuration.state = state;
        configuration.unsatisfiedReferences = java.util.Arrays.stream(references).map(r -> {
            UnsatisfiedReferenceDTO unsatisfied = new UnsatisfiedReferenceDTO();
            unsatisfied.name = r.name;
            return unsatisfied;
        }).toArray(UnsatisfiedReferenceDTO[]::new);
        if (state != ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
            configuration.unsatisfiedReferences = new UnsatisfiedReferenceDTO[0];
        }
        components.put(description, List.of(configuration));
        return configuration;
    }

    private static ReferenceDTO reference(String name, String interfaceName) {
        ReferenceDTO reference = new ReferenceDTO();
        reference.name = name;
        reference.interfaceName = interfaceName;
        return reference;
    }
}
