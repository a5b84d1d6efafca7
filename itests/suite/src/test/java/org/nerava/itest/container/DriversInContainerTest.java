package org.nerava.itest.container;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.nerava.platform.account.AccountDetails;
import org.nerava.platform.catalog.MerchantCatalog;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Favorites and exclusives swapped inside the running distribution through the FeaturesService, each while requests
 * to the other features run without pause: none of them may fail. Also what the HTTP view cannot see: the
 * MerchantCatalog and AccountDetails services leave and come back with their features, and favorites' reference to
 * the catalog follows them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DriversInContainerTest extends NeravaKarafTestSupport {

    private static final Pattern TOKEN = Pattern.compile("\"access_token\":\"(nrv_[A-Za-z0-9_-]+)\"");
    private static final EnumSet<FeaturesService.Option> NO_REFRESH =
            EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles);
    private static final String MERCHANT = "m_tidewater_coffee";
    private static final String NEARBY = "/v1/merchants?lat=37.78235&lng=-122.40255&radius_m=300";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    private BundleContext context;

    @Inject
    private FeaturesService features;

    /** Waits for the exclusives feature to be up before the first test. */
    @Inject
    private MerchantCatalog catalog;

    @Test
    public void uninstallingFavoritesFailsNoRequestToAuthAccountOrExclusivesAndReinstallingKeepsEveryFavorite()
            throws Exception {
        String bearer = "Bearer " + signIn("+14155550601");
        awaitStatus("POST", "/v1/merchants/" + MERCHANT + "/favorite", bearer, 201);
        assertEquals(201, send("POST", "/v1/merchants/m_pier_donuts/favorite", bearer).statusCode());
        assertEquals(201, send("POST", "/v1/exclusive/activate", bearer, "{\"merchant_id\":\"" + MERCHANT
                + "\",\"charger_id\":\"ch_sf_soma\",\"lat\":37.78235,\"lng\":-122.40255}").statusCode());
        String before = send("GET", "/v1/merchants/favorites", bearer).body();
        assertEquals(1, favoritesAccountDetails());

        List<Probe> probes = List.of(new Probe("/healthz", null), new Probe("/v1/account", bearer),
                new Probe(NEARBY, null), new Probe("/v1/exclusive/active", bearer));
        Thread.sleep(300);
        features.uninstallFeature("nerava-favorites", NO_REFRESH);
        awaitStatus("GET", "/v1/merchants/favorites", bearer, 404);
        assertEquals(0, favoritesAccountDetails());
        assertFalse(send("GET", "/v1/account", bearer).body().contains("favorites_count"));
        Thread.sleep(300);
        features.installFeature("nerava-favorites", NO_REFRESH);
        awaitStatus("GET", "/v1/merchants/favorites", bearer, 200);
        Thread.sleep(300);
        assertNoFailures(probes);

        assertEquals(before, send("GET", "/v1/merchants/favorites", bearer).body());
        assertEquals(1, favoritesAccountDetails());
        assertTrue(send("GET", "/v1/account", bearer).body().contains("\"favorites_count\":2"));
    }

    @Test
    public void uninstallingExclusivesUnbindsTheCatalogAndFavoritesKeepListingAndAddingById() throws Exception {
        String bearer = "Bearer " + signIn("+14155550602");
        awaitStatus("POST", "/v1/merchants/" + MERCHANT + "/favorite", bearer, 201);
        assertNotNull(context.getServiceReference(MerchantCatalog.class));

        List<Probe> probes = List.of(new Probe("/healthz", null), new Probe("/v1/account", bearer),
                new Probe("/v1/merchants/favorites", bearer));
        Thread.sleep(300);
        features.uninstallFeature("nerava-exclusives", NO_REFRESH);
        awaitStatus("GET", "/v1/merchants/" + MERCHANT, null, 404);
        assertNull(context.getServiceReference(MerchantCatalog.class));
        String idsAlone = send("GET", "/v1/merchants/favorites", bearer).body();
        assertTrue(idsAlone, idsAlone.contains(MERCHANT) && !idsAlone.contains("Tidewater"));
        HttpResponse<String> byId = send("POST", "/v1/merchants/m_while_away/favorite", bearer);
        assertEquals(byId.body(), 201, byId.statusCode());
        Thread.sleep(300);
        features.installFeature("nerava-exclusives", NO_REFRESH);
        awaitStatus("GET", "/v1/merchants/" + MERCHANT, null, 200);
        Thread.sleep(300);
        assertNoFailures(probes);

        assertNotNull(context.getServiceReference(MerchantCatalog.class));
        String named = send("GET", "/v1/merchants/favorites", bearer).body();
        assertTrue(named, named.contains("Tidewater Coffee Roasters") && named.contains("m_while_away"));
        assertEquals(404, send("POST", "/v1/merchants/m_unknown_again/favorite", bearer).statusCode());
    }

    /** AccountDetails services registered by the favorites bundle. */
    private int favoritesAccountDetails() throws Exception {
        int count = 0;
        for (ServiceReference<AccountDetails> ref : context.getServiceReferences(AccountDetails.class, null)) {
            if ("org.nerava.favorites".equals(ref.getBundle().getSymbolicName())) {
                count++;
            }
        }
        return count;
    }

    private static void assertNoFailures(List<Probe> probes) throws InterruptedException {
        for (Probe probe : probes) {
            probe.close();
        }
        for (Probe probe : probes) {
            assertTrue(probe.path + " failed: " + probe.failures, probe.failures.isEmpty());
            assertTrue(probe.path + " ran " + probe.requests.get() + " requests", probe.requests.get() > 20);
        }
    }

    /** Requests one path without pause on a thread of its own; anything but a 200 is a failure. */
    private final class Probe {
        final String path;
        final List<String> failures = new CopyOnWriteArrayList<>();
        final AtomicInteger requests = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Probe(String path, String authorization) {
            this.path = path;
            this.thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> response = send("GET", path, authorization);
                        if (response.statusCode() != 200) {
                            failures.add(response.statusCode() + " " + response.body());
                        }
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    } catch (IOException e) {
                        failures.add(e.toString());
                    }
                    requests.incrementAndGet();
                }
            }, "probe " + path);
            thread.setDaemon(true);
            thread.start();
        }

        void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }

    private String signIn(String phone) throws Exception {
        awaitStatus("POST", "/v1/auth/otp/start", null, 202, "{\"phone\":\"" + phone + "\"}");
        String code = awaitConsoleCode(phone);
        HttpResponse<String> verified = send("POST", "/v1/auth/otp/verify", null,
                "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}");
        assertEquals(verified.body(), 200, verified.statusCode());
        Matcher token = TOKEN.matcher(verified.body());
        assertTrue(verified.body(), token.find());
        return token.group(1);
    }

    private String awaitConsoleCode(String phone) throws Exception {
        Path log = Paths.get(System.getProperty("karaf.data"), "log", "karaf.log");
        Pattern line = Pattern.compile("console OTP " + Pattern.quote(phone) + " code ([0-9]{6})");
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

    private HttpResponse<String> awaitStatus(String method, String path, String authorization, int status,
            String... body) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> last = send(method, path, authorization, body.length == 0 ? null : body[0]);
            if (last.statusCode() == status) {
                return last;
            }
            seen.add(last.statusCode() + " " + last.body());
            Thread.sleep(100);
        }
        throw new AssertionError(method + " " + path + " never answered " + status + "; last: "
                + seen.get(seen.size() - 1));
    }

    private HttpResponse<String> send(String method, String path, String authorization)
            throws IOException, InterruptedException {
        return send(method, path, authorization, null);
    }

    private HttpResponse<String> send(String method, String path, String authorization, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP_PORT + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
