package org.nerava.itest.container;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.nerava.merchants.MerchantCatalog;
import org.nerava.platform.account.AccountDetails;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Favorites and the merchant catalog swapped inside the running distribution through the FeaturesService, each while requests
 * to the other features run without pause: none of them may fail. Also what the HTTP view cannot see: the
 * MerchantCatalog and AccountDetails services leave and come back with their features, and favorites' reference to
 * the catalog follows them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DriversInContainerTest extends NeravaKarafTestSupport {

    private static final EnumSet<FeaturesService.Option> NO_REFRESH =
            EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles);
    private static final String MERCHANT = "m_tidewater_coffee";
    private static final String NEARBY = "/v1/merchants?lat=37.78235&lng=-122.40255&radius_m=300";

    @Inject
    private BundleContext context;

    @Inject
    private FeaturesService features;

    /** Waits for the merchants feature to be up before the first test. */
    @Inject
    private MerchantCatalog catalog;

    @Test
    public void uninstallingFavoritesFailsNoRequestToAuthAccountOrExclusivesAndReinstallingKeepsEveryFavorite()
            throws Exception {
        String bearer = "Bearer " + signIn("+14155550601");
        awaitStatus("POST", "/v1/merchants/" + MERCHANT + "/favorite", null, bearer, 201);
        assertEquals(201, send("POST", "/v1/merchants/m_pier_donuts/favorite", null, bearer).statusCode());
        assertEquals(201, send("POST", "/v1/exclusive/activate", "{\"merchant_id\":\"" + MERCHANT
                + "\",\"charger_id\":\"ch_sf_soma\",\"lat\":37.78235,\"lng\":-122.40255}", bearer).statusCode());
        String before = send("GET", "/v1/merchants/favorites", null, bearer).body();
        assertEquals(1, favoritesAccountDetails());

        List<Probe> probes = List.of(new Probe("/healthz", null), new Probe("/v1/account", bearer),
                new Probe(NEARBY, null), new Probe("/v1/exclusive/active", bearer));
        Thread.sleep(300);
        features.uninstallFeature("nerava-favorites", NO_REFRESH);
        awaitFeatureUnavailable("GET", "/v1/merchants/favorites", null, bearer);
        assertEquals(0, favoritesAccountDetails());
        assertFalse(send("GET", "/v1/account", null, bearer).body().contains("favorites_count"));
        Thread.sleep(300);
        features.installFeature("nerava-favorites", NO_REFRESH);
        awaitStatus("GET", "/v1/merchants/favorites", null, bearer, 200);
        Thread.sleep(300);
        assertNoFailures(probes);

        assertEquals(before, send("GET", "/v1/merchants/favorites", null, bearer).body());
        assertEquals(1, favoritesAccountDetails());
        assertTrue(send("GET", "/v1/account", null, bearer).body().contains("\"favorites_count\":2"));
    }

    @Test
    public void uninstallingMerchantsUnbindsTheCatalogAndFavoritesKeepListingAndAddingById() throws Exception {
        String bearer = "Bearer " + signIn("+14155550602");
        awaitStatus("POST", "/v1/merchants/" + MERCHANT + "/favorite", null, bearer, 201);
        assertNotNull(context.getServiceReference(MerchantCatalog.class));

        List<Probe> probes = List.of(new Probe("/healthz", null), new Probe("/v1/account", bearer),
                new Probe("/v1/merchants/favorites", bearer));
        Thread.sleep(300);
        features.uninstallFeature("nerava-merchants", NO_REFRESH);
        awaitFeatureUnavailable("GET", "/v1/merchants/" + MERCHANT, null, null);
        assertNull(context.getServiceReference(MerchantCatalog.class));
        HttpResponse<String> activate = send("POST", "/v1/exclusive/activate", "{\"merchant_id\":\"" + MERCHANT
                + "\",\"charger_id\":\"ch_sf_soma\",\"lat\":37.78235,\"lng\":-122.40255}", bearer);
        assertEquals(activate.body(), 503, activate.statusCode());
        assertTrue(activate.body(), activate.body().contains("\"code\":\"catalog_unavailable\""));
        String idsAlone = send("GET", "/v1/merchants/favorites", null, bearer).body();
        assertTrue(idsAlone, idsAlone.contains(MERCHANT) && !idsAlone.contains("Tidewater"));
        HttpResponse<String> byId = send("POST", "/v1/merchants/m_while_away/favorite", null, bearer);
        assertEquals(byId.body(), 201, byId.statusCode());
        Thread.sleep(300);
        features.installFeature("nerava-merchants", NO_REFRESH);
        awaitStatus("GET", "/v1/merchants/" + MERCHANT, null, null, 200);
        Thread.sleep(300);
        assertNoFailures(probes);

        assertNotNull(context.getServiceReference(MerchantCatalog.class));
        String named = send("GET", "/v1/merchants/favorites", null, bearer).body();
        assertTrue(named, named.contains("Tidewater Coffee Roasters") && named.contains("m_while_away"));
        assertEquals(404, send("POST", "/v1/merchants/m_unknown_again/favorite", null, bearer).statusCode());
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
                        HttpResponse<String> response = send("GET", path, null, authorization);
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
}
