package org.nerava.itest.container;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern TOKEN = Pattern.compile("\"access_token\":\"(nrv_[A-Za-z0-9_-]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    private BundleContext context;

    @Inject
    private FeaturesService features;

    @Inject
    private Authenticator authenticator;

    @Test
    public void signInThenUninstallAndReinstallAuthWithoutDisturbingThePlatform() throws Exception {
        assertTrue(features.isInstalled(features.getFeature("nerava-auth")));
        awaitStatus("POST", "/v1/auth/otp/start", "{\"phone\":\"" + PHONE + "\"}", null, 202);
        String code = awaitConsoleCode();
        HttpResponse<String> verified = send("POST", "/v1/auth/otp/verify",
                "{\"phone\":\"" + PHONE + "\",\"code\":\"" + code + "\"}", null);
        assertEquals(verified.body(), 200, verified.statusCode());
        Matcher token = TOKEN.matcher(verified.body());
        assertTrue(verified.body(), token.find());
        String bearer = token.group(1);
        assertEquals(200, send("GET", "/v1/account", null, bearer).statusCode());
        assertTrue(authenticator.authenticate(bearer).isPresent());

        features.uninstallFeature("nerava-auth", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        awaitStatus("POST", "/v1/auth/otp/start", "{\"phone\":\"" + PHONE + "\"}", null, 404);
        assertNull(context.getServiceReference(Authenticator.class));
        assertEquals(200, send("GET", "/healthz", null, null).statusCode());
        assertEquals(200, send("GET", "/readyz", null, null).statusCode());
        assertTrue(features.isInstalled(features.getFeature("nerava-otp-console")));

        features.installFeature("nerava-auth", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        // Sessions live in the database: the driver is still signed in after the feature came back.
        awaitStatus("GET", "/v1/account", null, bearer, 200);
        assertEquals(204, send("POST", "/v1/auth/logout", null, bearer).statusCode());
        HttpResponse<String> refused = send("GET", "/v1/account", null, bearer);
        assertEquals(401, refused.statusCode());
        assertTrue(refused.body(), refused.body().contains("invalid_token"));
    }

    private String awaitConsoleCode() throws Exception {
        Path log = Paths.get(System.getProperty("karaf.data"), "log", "karaf.log");
        Pattern line = Pattern.compile("console OTP " + Pattern.quote(PHONE) + " code ([0-9]{6})");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                List<String> codes = line.matcher(Files.readString(log)).results().map(m -> m.group(1)).toList();
                if (!codes.isEmpty()) {
                    return codes.get(codes.size() - 1);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no console OTP line in " + log);
    }

    private HttpResponse<String> awaitStatus(String method, String path, String body, String bearer, int status)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = send(method, path, body, bearer);
            if (last.statusCode() == status) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(method + " " + path + " answered " + last.statusCode() + " " + last.body()
                + ", expected " + status);
    }

    private HttpResponse<String> send(String method, String path, String body, String bearer)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP_PORT + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
