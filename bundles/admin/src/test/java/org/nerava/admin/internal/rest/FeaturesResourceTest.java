package org.nerava.admin.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeatureState;
import org.apache.karaf.features.FeaturesService;
import org.junit.jupiter.api.Test;
import org.nerava.admin.internal.rest.FeaturesResource.FeatureView;
import org.nerava.platform.ProblemException;

class FeaturesResourceTest {

    private final FeaturesService service = mock(FeaturesService.class);

    private Feature feature(String name, String version, boolean installed, FeatureState state) {
        Feature feature = mock(Feature.class);
        when(feature.getName()).thenReturn(name);
        when(feature.getVersion()).thenReturn(version);
        when(feature.getId()).thenReturn(name + "/" + version);
        when(feature.getDescription()).thenReturn("about " + name);
        when(service.isInstalled(feature)).thenReturn(installed);
        when(service.getState(name + "/" + version)).thenReturn(state);
        return feature;
    }

    @Test
    void listsOnlyNeravaFeaturesSortedWithTheirState() throws Exception {
        Feature favorites = feature("nerava-favorites", "0.1.0", true, FeatureState.Started);
        Feature scr = feature("scr", "4.4.10", true, FeatureState.Started);
        Feature twilio = feature("nerava-otp-twilio", "0.1.0", false, null);
        Feature auth = feature("nerava-auth", "0.1.0", true, FeatureState.Resolved);
        when(service.listFeatures()).thenReturn(new Feature[] {favorites, scr, twilio, auth});

        List<FeatureView> views = new FeaturesResource(service).list().features();

        assertThat(views).containsExactly(
                new FeatureView("nerava-auth", "0.1.0", "about nerava-auth", true, "resolved"),
                new FeatureView("nerava-favorites", "0.1.0", "about nerava-favorites", true, "started"),
                new FeatureView("nerava-otp-twilio", "0.1.0", "about nerava-otp-twilio", false, "uninstalled"));
    }

    @Test
    void anInstalledFeatureWithoutAStateYetIsInstalled() throws Exception {
        Feature web = feature("nerava-driver-web", "0.1.0", true, null);
        when(service.listFeatures()).thenReturn(new Feature[] {web});

        assertThat(new FeaturesResource(service).list().features()).singleElement()
                .extracting(FeatureView::state).isEqualTo("installed");
    }

    @Test
    void aRepositoryThatCannotBeReadIsA503Problem() throws Exception {
        when(service.listFeatures()).thenThrow(new IllegalStateException("repository unreachable"));

        assertThatThrownBy(() -> new FeaturesResource(service).list())
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().getStatus()).isEqualTo(503);
                    assertThat(e.problem().getCode()).isEqualTo("features_unavailable");
                });
    }
}
