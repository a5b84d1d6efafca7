package org.nerava.admin.internal.rest;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeatureState;
import org.apache.karaf.features.FeaturesService;
import org.nerava.platform.admin.AdminAuthenticated;
import org.nerava.admin.internal.security.AdminAuthenticationFilter;
import org.nerava.platform.ProblemException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code GET /v1/admin/features}: the Nerava features this container knows (from its features repositories) and
 * their state, read-only. The admin console shows them; installing and removing stays with the shell
 * ({@code feature:install -r}), where the operator sees the resolver's answer.
 */
@Component(service = FeaturesResource.class)
@JaxrsResource
@JaxrsExtensionSelect({"(osgi.jaxrs.media.type=application/json)", "(osgi.jaxrs.name=" + AdminAuthenticationFilter.NAME + ")"})
@AdminAuthenticated
@Path("/v1/admin/features")
@Produces(MediaType.APPLICATION_JSON)
public class FeaturesResource {

    /**
     * One feature. {@code state}: {@code started}, {@code resolved}, {@code installed} (being installed) or
     * {@code uninstalled} (known from a repository, not installed).
     */
    public record FeatureView(String name, String version, String description, boolean installed, String state) {
    }

    public record FeatureList(List<FeatureView> features) {
    }

    private final FeaturesService features;

    @Activate
    public FeaturesResource(@Reference FeaturesService features) {
        this.features = features;
    }

    @GET
    public FeatureList list() {
        try {
            return new FeatureList(neravaFeatures(features));
        } catch (Exception e) {
            // The features service reads its repositories; a repository that cannot be read is not a bug here.
            throw ProblemException.unavailable("features_unavailable", "cannot list the features: " + e.getMessage());
        }
    }

    /** The features named {@code nerava*}, by name then version. */
    static List<FeatureView> neravaFeatures(FeaturesService features) throws Exception {
        return Arrays.stream(features.listFeatures())
                .filter(feature -> feature.getName().startsWith("nerava"))
                .sorted(Comparator.comparing(Feature::getName).thenComparing(Feature::getVersion))
                .map(feature -> view(features, feature))
                .toList();
    }

    private static FeatureView view(FeaturesService features, Feature feature) {
        boolean installed = features.isInstalled(feature);
        FeatureState state = installed ? features.getState(feature.getId()) : null;
        String stateName = state == null ? (installed ? "installed" : "uninstalled") : state.name().toLowerCase(Locale.ROOT);
        return new FeatureView(feature.getName(), feature.getVersion(), feature.getDescription(), installed, stateName);
    }
}
