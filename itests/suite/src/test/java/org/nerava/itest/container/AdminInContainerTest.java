package org.nerava.itest.container;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The admin and deployments features inside the running distribution: the JAAS sign-in works in the container (an
 * admin user with the role given directly in users.properties); uninstalling nerava-admin removes the admin API while
 * sign-in keeps serving and deployments refuse every call with a 503 naming the missing feature; uninstalling
 * nerava-deployments leaves the admin API serving; reinstalling brings each back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AdminInContainerTest extends NeravaKarafTestSupport {

    private static final String FEATURE = "nerava-admin";
    private static final String DEPLOYMENTS = "nerava-deployments";
    private static final String ADMIN = "ops";
    private static final String ADMIN_PASSWORD = "ops-in-container-pw";

    @Inject
    private BundleContext context;

    @Inject
    private FeaturesService features;

    @Override
    @Configuration
    public Option[] config() {
        return OptionUtils.combine(super.config(),
                editConfigurationFilePut("etc/users.properties", ADMIN, ADMIN_PASSWORD + ",admin"));
    }

    @Test
    public void uninstallingTheAdminFeatureLeavesSignInServingAndReinstallingBringsItBack() throws Exception {
        assertTrue(features.isInstalled(features.getFeature(FEATURE)));
        assertNotNull(bundle("org.nerava.admin"));
        assertEquals(401, awaitStatus("GET", "/v1/admin/deployments", null, null, 401).statusCode());
        HttpResponse<String> asAdmin = awaitStatus("GET", "/v1/admin/deployments", null, basic(), 200);
        assertTrue(asAdmin.body(), asAdmin.body().contains("\"deployments\""));

        String bearer = signIn("+14155550501");

        features.uninstallFeature(FEATURE, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        awaitFeatureUnavailable("GET", "/v1/admin/audit", null, basic());
        assertNull(bundle("org.nerava.admin"));
        // Deployments stay installed, and refuse what no admin sign-in vouched for, credentials or not.
        HttpResponse<String> unguarded = awaitStatus("GET", "/v1/admin/deployments", null, basic(), 503);
        assertTrue(unguarded.body(), unguarded.body().contains("admin_auth_unavailable"));
        assertEquals(503, send("GET", "/v1/admin/deployments", null, null).statusCode());
        // Sign-in, the signed-in driver and the probes are untouched.
        assertEquals(200, send("GET", "/healthz", null, null).statusCode());
        // Ready once the boot is over (the container may have started this test before its services were quiet).
        awaitStatus("GET", "/readyz", null, null, 200);
        assertEquals(200, send("GET", "/v1/account", null, "Bearer " + bearer).statusCode());
        String another = signIn("+14155550502");
        assertEquals(200, send("GET", "/v1/account", null, "Bearer " + another).statusCode());

        features.installFeature(FEATURE, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        HttpResponse<String> back = awaitStatus("GET", "/v1/admin/audit?action=admin.access", null, basic(), 200);
        // The refusal before the uninstall is still in the trail: it lives in the platform's database.
        assertTrue(back.body(), back.body().contains("DENIED"));
        assertEquals(401, send("GET", "/v1/admin/deployments", null, "Bearer " + bearer).statusCode());
        assertEquals(200, send("GET", "/v1/account", null, "Bearer " + bearer).statusCode());
        awaitStatus("GET", "/v1/admin/deployments", null, basic(), 200);
    }

    @Test
    public void uninstallingDeploymentsLeavesTheAdminApiServingAndReinstallingBringsThemBack() throws Exception {
        awaitStatus("GET", "/v1/admin/deployments", null, basic(), 200);
        features.uninstallFeature(DEPLOYMENTS, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        awaitFeatureUnavailable("GET", "/v1/admin/deployments", null, basic());
        assertNull(bundle("org.nerava.deployments"));
        assertEquals(200, send("GET", "/v1/admin/audit", null, basic()).statusCode());
        assertEquals(200, send("GET", "/v1/admin/features", null, basic()).statusCode());
        assertEquals(401, send("GET", "/v1/admin/audit", null, null).statusCode());

        features.installFeature(DEPLOYMENTS, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        awaitStatus("GET", "/v1/admin/deployments", null, basic(), 200);
        assertEquals(401, send("GET", "/v1/admin/deployments", null, null).statusCode());
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder()
                .encodeToString((ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

}
