package org.nerava.itest.container;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.util.EnumSet;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.nerava.platform.auth.Authenticator;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * The auth feature inside the running distribution: a driver signs in with the code the console provider logged,
 * the feature is uninstalled and reinstalled without disturbing the platform, and the session outlives it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AuthInContainerTest extends NeravaKarafTestSupport {

    private static final String PHONE = "+14155550301";

    @Inject
    private BundleContext context;

    @Inject
    private FeaturesService features;

    @Inject
    private Authenticator authenticator;

    @Test
    public void signInThenUninstallAndReinstallAuthWithoutDisturbingThePlatform() throws Exception {
        assertTrue(features.isInstalled(features.getFeature("nerava-auth")));
        String bearer = "Bearer " + signIn(PHONE);
        assertEquals(200, send("GET", "/v1/account", null, bearer).statusCode());
        assertTrue(authenticator.authenticate(bearer.substring("Bearer ".length())).isPresent());

        features.uninstallFeature("nerava-auth", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        awaitFeatureUnavailable("POST", "/v1/auth/otp/start", "{\"phone\":\"" + PHONE + "\"}", null);
        assertNull(context.getServiceReference(Authenticator.class));
        assertEquals(200, send("GET", "/healthz", null, null).statusCode());
        awaitStatus("GET", "/readyz", null, null, 200); // once the boot is over (this test may start before)
        assertTrue(features.isInstalled(features.getFeature("nerava-otp-console")));

        features.installFeature("nerava-auth", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        // Sessions live in the database: the driver is still signed in after the feature came back.
        awaitStatus("GET", "/v1/account", null, bearer, 200);
        assertEquals(204, send("POST", "/v1/auth/logout", null, bearer).statusCode());
        HttpResponse<String> refused = send("GET", "/v1/account", null, bearer);
        assertEquals(401, refused.statusCode());
        assertTrue(refused.body(), refused.body().contains("invalid_token"));
    }

}
