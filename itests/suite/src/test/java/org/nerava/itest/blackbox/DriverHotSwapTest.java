package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.HealthProbe;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Favorites, the merchant catalog and exclusives come and go at run time, each while requests to everything else keep running: not one of
 * them may fail, and nothing a driver stored is lost. The swapped feature's own paths answer only 2xx or
 * {@code 503 feature_unavailable} with {@code Retry-After} while it is away, never 404 or 500. Features are swapped
 * with the plain {@code feature:uninstall} and {@code feature:install} an operator runs (the distribution does not
 * refresh bundles on its own).
 */
class DriverHotSwapTest {

    private static final String MERCHANT = DriverFeaturesTest.MERCHANT;
    private static final String NEARBY = "/v1/merchants?lat=37.78235&lng=-122.40255&radius_m=300";

    @AutoClose
    private static NeravaServer server;
    private static String token;

    @BeforeAll
    static void boot() {
        server = NeravaServer.start();
        server.configure("org.nerava.auth", "sendsPerIpPerHour", "1000");
        token = server.signIn("+14155554201");
        for (String merchant : List.of(MERCHANT, "m_golden_hour_bakery", "m_pier_donuts")) {
            assertThat(send("POST", "/v1/merchants/" + merchant + "/favorite").status()).isEqualTo(201);
            NeravaServer.sleep(5);
        }
        HttpResult activated = server.send("POST", "/v1/exclusive/activate", "{\"merchant_id\":\"" + MERCHANT
                + "\",\"charger_id\":\"ch_sf_soma\",\"lat\":37.78235,\"lng\":-122.40255}", headers(true));
        assertThat(activated.status()).as(activated.body()).isEqualTo(201);
    }

    private static Map<String, String> headers(boolean json) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Authorization", "Bearer " + token);
        if (json) {
            headers.put("Content-Type", "application/json");
        }
        return headers;
    }

    private static HttpResult send(String method, String path) {
        return server.send(method, path, null, headers(false));
    }

    /** A wrong code for a number with no code waiting: the auth feature must answer 400 invalid_code. */
    private static HttpResult signInAttempt() {
        HttpResult result = server.postJson("/v1/auth/otp/verify", "{\"phone\":\"+14155554299\",\"code\":\"000000\"}");
        boolean expected = result.status() == 400 && "invalid_code".equals(result.json().path("code").asText());
        return expected ? new HttpResult(200, result.headers(), result.body()) : result;
    }

    /** The answer of a feature that is away: 503 feature_unavailable, problem+json, with Retry-After. */
    static boolean featureUnavailable(HttpResult result) {
        return result.status() == 503 && result.header("Retry-After") != null
                && String.valueOf(result.header("Content-Type")).startsWith("application/problem+json")
                && "feature_unavailable".equals(result.json().path("code").asText());
    }

    /** A request to the feature being swapped: served (2xx) or told to come back (503 with Retry-After) is fine. */
    private static HttpResult servedOrUnavailable(HttpResult result) {
        boolean fine = result.status() / 100 == 2 || featureUnavailable(result);
        return fine ? new HttpResult(200, result.headers(), result.body()) : result;
    }

    private static void awaitAnswer(Supplier<HttpResult> request, Predicate<HttpResult> until, String what) {
        HttpResult last = null;
        for (int i = 0; i < 300; i++) {
            last = request.get();
            if (until.test(last)) {
                return;
            }
            NeravaServer.sleep(100);
        }
        throw new AssertionError(what + " never happened; last answer: " + last);
    }

    private static void assertNoFailures(HealthProbe... probes) {
        for (HealthProbe probe : probes) {
            probe.close();
        }
        for (HealthProbe probe : probes) {
            assertThat(probe.failures()).as("failed requests").isEmpty();
            assertThat(probe.requests()).as("the probe really ran throughout").isGreaterThan(20);
        }
    }

    @Test
    void uninstallingFavoritesFailsNoOtherRequestAndReinstallingBringsEveryFavoriteBack() {
        String before = send("GET", "/v1/merchants/favorites").body();
        assertThat(server.getAuthorized("/v1/account", token).json().get("favorites_count").asLong()).isEqualTo(3);

        HealthProbe health = new HealthProbe(server, "/healthz");
        HealthProbe account = new HealthProbe("account", () -> server.getAuthorized("/v1/account", token));
        HealthProbe signIn = new HealthProbe("sign-in", DriverHotSwapTest::signInAttempt);
        HealthProbe nearby = new HealthProbe("merchants", () -> server.get(NEARBY));
        HealthProbe merchant = new HealthProbe("merchant", () -> server.get("/v1/merchants/" + MERCHANT));
        HealthProbe active = new HealthProbe("active exclusive", () -> send("GET", "/v1/exclusive/active"));
        HealthProbe own = new HealthProbe("favorites itself",
                () -> servedOrUnavailable(send("GET", "/v1/merchants/favorites")));
        NeravaServer.sleep(500);

        server.uninstallFeature("nerava-favorites");
        awaitAnswer(() -> send("GET", "/v1/merchants/favorites"), r -> r.status() == 503, "favorites gone");
        // Not merchant "favorites" of the merchants feature: the path is remembered as favorites', which is away.
        assertThat(featureUnavailable(send("GET", "/v1/merchants/favorites"))).isTrue();
        assertThat(featureUnavailable(send("POST", "/v1/merchants/" + MERCHANT + "/favorite"))).isTrue();
        awaitAnswer(() -> server.getAuthorized("/v1/account", token), r -> !r.json().has("favorites_count"),
                "favorites_count gone from the account");
        assertThat(server.shell("feature:list -i")).doesNotContain("nerava-favorites");
        NeravaServer.sleep(500);

        server.shell("feature:install nerava-favorites");
        awaitAnswer(() -> send("GET", "/v1/merchants/favorites"), r -> r.status() == 200, "favorites back");
        NeravaServer.sleep(500);
        assertNoFailures(health, account, signIn, nearby, merchant, active, own);

        assertThat(send("GET", "/v1/merchants/favorites").body()).as("every favorite is still there").isEqualTo(before);
        awaitAnswer(() -> server.getAuthorized("/v1/account", token), r -> r.json().path("favorites_count").asLong() == 3,
                "favorites_count back in the account");
    }

    @Test
    void updatingTheFavoritesBundleAnswersItsPathsOnly200Or503AndFailsNothingElse() {
        String before = send("GET", "/v1/merchants/favorites").body();
        HealthProbe health = new HealthProbe(server, "/healthz");
        HealthProbe merchant = new HealthProbe("merchant", () -> server.get("/v1/merchants/" + MERCHANT));
        HealthProbe account = new HealthProbe("account", () -> server.getAuthorized("/v1/account", token));
        HealthProbe own = new HealthProbe("favorites itself",
                () -> servedOrUnavailable(send("GET", "/v1/merchants/favorites")));
        NeravaServer.sleep(500);

        for (int cycle = 0; cycle < 3; cycle++) {
            // Stops, re-reads and starts the bundle: its resources leave and come back, as with a new build.
            assertThat(server.shell("bundle:update org.nerava.favorites")).doesNotContainIgnoringCase("error")
                    .doesNotContainIgnoringCase("no bundle");
            awaitAnswer(() -> send("GET", "/v1/merchants/favorites"), r -> r.status() == 200, "favorites back");
        }
        NeravaServer.sleep(500);
        assertNoFailures(health, merchant, account, own);
        assertThat(send("GET", "/v1/merchants/favorites").body()).isEqualTo(before);
    }

    @Test
    void uninstallingMerchantsLeavesFavoritesListingAndAddingByIdExclusivesAnswering503AndReinstallingBringsNamesBack() {
        HealthProbe health = new HealthProbe(server, "/healthz");
        HealthProbe account = new HealthProbe("account", () -> server.getAuthorized("/v1/account", token));
        HealthProbe list = new HealthProbe("favorites", () -> send("GET", "/v1/merchants/favorites"));
        // Already a favorite: 200 whether the catalog is there to vouch for the merchant or not.
        HealthProbe add = new HealthProbe("add favorite", () -> send("POST", "/v1/merchants/" + MERCHANT + "/favorite"));
        HealthProbe active = new HealthProbe("active exclusive", () -> send("GET", "/v1/exclusive/active"));
        NeravaServer.sleep(500);

        server.uninstallFeature("nerava-merchants");
        awaitAnswer(() -> server.get("/v1/merchants/" + MERCHANT), r -> r.status() == 503, "merchants gone");
        assertThat(featureUnavailable(server.get("/v1/merchants/" + MERCHANT))).isTrue();
        assertThat(featureUnavailable(server.get(NEARBY))).isTrue();
        awaitAnswer(() -> send("GET", "/v1/merchants/favorites"),
                r -> !r.json().get("favorites").get(0).has("name"), "favorites without the catalog's names");
        JsonNode idsAlone = send("GET", "/v1/merchants/favorites").json().get("favorites");
        assertThat(idsAlone.size()).isGreaterThanOrEqualTo(3);
        for (JsonNode favorite : idsAlone) {
            assertThat(favorite.has("merchant_id")).isTrue();
            assertThat(favorite.has("photo_url")).isFalse();
        }
        // Without the catalog an id is taken as it is.
        HttpResult byId = send("POST", "/v1/merchants/m_added_while_merchants_away/favorite");
        assertThat(byId.status()).as(byId.body()).isEqualTo(201);
        assertThat(byId.json().has("name")).isFalse();
        assertThat(send("POST", "/v1/merchants/m_added_while_merchants_away/favorite").status()).isEqualTo(200);
        // Exclusives stays: what needs the catalog says so, the session itself is served.
        HttpResult activate = server.send("POST", "/v1/exclusive/activate", "{\"merchant_id\":\"" + MERCHANT
                + "\",\"charger_id\":\"ch_sf_soma\",\"lat\":37.78235,\"lng\":-122.40255}", headers(true));
        assertThat(activate.status()).as(activate.body()).isEqualTo(503);
        assertThat(activate.header("Content-Type")).startsWith("application/problem+json");
        assertThat(activate.json().get("code").asText()).isEqualTo("catalog_unavailable");
        assertThat(send("GET", "/v1/exclusive/active").json().get("merchant_id").asText()).isEqualTo(MERCHANT);
        NeravaServer.sleep(500);

        server.shell("feature:install nerava-merchants");
        awaitAnswer(() -> server.get("/v1/merchants/" + MERCHANT), r -> r.status() == 200, "merchants back");
        NeravaServer.sleep(500);
        assertNoFailures(health, account, list, add, active);

        JsonNode favorites = send("GET", "/v1/merchants/favorites").json().get("favorites");
        assertThat(favorites.get(0).get("merchant_id").asText()).isEqualTo("m_added_while_merchants_away");
        assertThat(favorites.get(0).has("name")).as("unknown to the catalog").isFalse();
        JsonNode known = favorites.get(favorites.size() - 1);
        assertThat(known.get("merchant_id").asText()).isEqualTo(MERCHANT);
        assertThat(known.get("name").asText()).as("the reinstalled catalog is bound again")
                .isEqualTo("Tidewater Coffee Roasters");
        HttpResult again = server.send("POST", "/v1/exclusive/activate", "{\"merchant_id\":\"" + MERCHANT
                + "\",\"charger_id\":\"ch_sf_soma\",\"lat\":37.78235,\"lng\":-122.40255}", headers(true));
        assertThat(again.json().get("code").asText()).as("the catalog answers exclusives again")
                .isEqualTo("already_active");
        assertThat(send("DELETE", "/v1/merchants/m_added_while_merchants_away/favorite").status()).isEqualTo(204);
    }

    @Test
    void uninstallingExclusivesFailsNoCatalogOrFavoritesRequestAndTheSessionOutlivesTheFeature() {
        HealthProbe health = new HealthProbe(server, "/healthz");
        HealthProbe nearby = new HealthProbe("merchants", () -> server.get(NEARBY));
        HealthProbe merchant = new HealthProbe("merchant", () -> server.get("/v1/merchants/" + MERCHANT));
        HealthProbe list = new HealthProbe("favorites", () -> send("GET", "/v1/merchants/favorites"));
        HealthProbe own = new HealthProbe("exclusives itself",
                () -> servedOrUnavailable(send("GET", "/v1/exclusive/active")));
        NeravaServer.sleep(500);

        server.uninstallFeature("nerava-exclusives");
        awaitAnswer(() -> send("GET", "/v1/exclusive/active"), r -> r.status() == 503, "exclusives gone");
        assertThat(featureUnavailable(send("GET", "/v1/exclusive/active"))).isTrue();
        NeravaServer.sleep(500);

        server.shell("feature:install nerava-exclusives");
        awaitAnswer(() -> send("GET", "/v1/exclusive/active"), r -> r.status() == 200, "exclusives back");
        NeravaServer.sleep(500);
        assertNoFailures(health, nearby, merchant, list, own);
        assertThat(send("GET", "/v1/exclusive/active").json().get("merchant_id").asText())
                .as("the session outlived the feature").isEqualTo(MERCHANT);
    }
}
