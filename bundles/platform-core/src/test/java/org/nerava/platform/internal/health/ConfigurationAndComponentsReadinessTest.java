package org.nerava.platform.internal.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nerava.platform.config.ConfigProblem;
import org.nerava.platform.config.ConfigurationStatus;
import org.nerava.platform.health.Readiness;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** {@code configuration} and {@code components} in {@code /readyz}. */
class ConfigurationAndComponentsReadinessTest {

    private record Status(String pid, List<ConfigProblem> refused, String serving, Instant refusedAt)
            implements ConfigurationStatus {
    }

    @Test
    void aRefusedValueIsDegradedNamingPidKeyValueRangeAndWhatServes() {
        ConfigurationReadinessCheck check = new ConfigurationReadinessCheck(List.of(
                new Status("org.nerava.favorites", List.of(), null, null),
                new Status("org.nerava.auth", List.of(new ConfigProblem("org.nerava.auth", "codeLength", "six",
                        "a whole number from 4 to 10")), "the last good values", Instant.EPOCH)));

        Readiness readiness = check.check();

        assertThat(readiness.status()).isEqualTo(Readiness.Status.DEGRADED);
        assertThat(readiness.detail()).contains("org.nerava.auth: codeLength = 'six' refused: a whole number from 4 to 10")
                .contains("serving the last good values");
        assertThat(readiness.details().get("refused").toString()).contains("org.nerava.auth").doesNotContain("favorites");
    }

    @Test
    void everyConfigurationAppliedIsUp() {
        assertThat(new ConfigurationReadinessCheck(List.of(new Status("org.nerava.auth", List.of(), null, null)))
                .check().status()).isEqualTo(Readiness.Status.UP);
    }

    @Test
    void aNeravaComponentThatFailedToActivateIsDegradedWithItsBundleAndCause() {
        BundleContext context = mock(BundleContext.class);
        Bundle auth = bundle("org.nerava.auth");
        Bundle other = bundle("org.apache.cxf.core");
        when(context.getBundles()).thenReturn(new Bundle[] {auth, other});
        ServiceComponentRuntime scr = mock(ServiceComponentRuntime.class);
        ComponentDescriptionDTO settings = description("org.nerava.auth.internal.settings.CurrentAuthSettings");
        ComponentDescriptionDTO resource = description("org.nerava.auth.internal.rest.AuthResource");
        when(scr.getComponentDescriptionDTOs(auth)).thenReturn(List.of(settings, resource));
        when(scr.isComponentEnabled(settings)).thenReturn(true);
        when(scr.isComponentEnabled(resource)).thenReturn(true);
        when(scr.getComponentConfigurationDTOs(settings)).thenReturn(List.of(configuration(
                ComponentConfigurationDTO.FAILED_ACTIVATION, "org.osgi.service.component.ComponentException: x\n"
                        + "\tat a.b.C\nCaused by: java.lang.NumberFormatException: For input string: \"six\"\n\tat d")));
        when(scr.getComponentConfigurationDTOs(resource)).thenReturn(List.of(configuration(
                ComponentConfigurationDTO.UNSATISFIED_REFERENCE, null)));
        ComponentsReadinessCheck check = new ComponentsReadinessCheck(scr, context);
        try {
            Readiness readiness = check.check();

            assertThat(readiness.status()).isEqualTo(Readiness.Status.DEGRADED);
            assertThat(readiness.detail()).contains("1 Nerava component(s) failed to activate")
                    .contains("org.nerava.auth").contains("CurrentAuthSettings: java.lang.NumberFormatException");
            assertThat(readiness.details().get("waiting_for_services").toString()).contains("AuthResource");
        } finally {
            check.deactivate();
        }
    }

    private static Bundle bundle(String name) {
        Bundle bundle = mock(Bundle.class);
        when(bundle.getSymbolicName()).thenReturn(name);
        return bundle;
    }

    private static ComponentDescriptionDTO description(String name) {
        ComponentDescriptionDTO description = new ComponentDescriptionDTO();
        description.name = name;
        return description;
    }

    private static ComponentConfigurationDTO configuration(int state, String failure) {
        ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
        configuration.state = state;
        configuration.failure = failure;
        return configuration;
    }
}
