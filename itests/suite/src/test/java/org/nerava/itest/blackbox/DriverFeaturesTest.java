package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Merchants, favorites, exclusives and the demo endpoint against the built distribution (the three features booted,
 * the shipped catalog), every endpoint with good and bad input, as the driver app and an operator would call them.
 */
class DriverFeaturesTest {

    static final String SECRET = "itest-internal-secret-0123456789";
    /** The SoMa charger of the shipped catalog, and two of its merchants; a merchant of another charger. */
    static final String CHARGER = "ch_sf_soma";
    static final double CHARGER_LAT = 37.78235;
    static final double CHARGER_LNG = -122.40255;
    static final String MERCHANT = "m_tidewater_coffee";
    static final String OTHER_MERCHANT = "m_golden_hour_bakery";
    static final String FAR_MERCHANT = "m_pier_donuts";

    @AutoClose
    private static NeravaServer server;
    private static int phones;

    @BeforeAll
    static void boot() {
        server = NeravaServer.start(Map.of("NERAVA_INTERNAL_SECRET", SECRET));
        // Every driver here signs in from 127.0.0.1: lift the per-address limit for this class.
        server.configure("org.nerava.auth", "sendsPerIpPerHour", "1000");
    }

    /** A new driver, signed in: their bearer token. */
    static String newDriver() {
        return server.signIn("+1415555" + (4100 + phones++));
    }

    static HttpResult send(String method, String path, String token, String json) {
        Map<String, String> headers = new HashMap<>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        if (json != null) {
            headers.put("Content-Type", "application/json");
        }
        return server.send(method, path, json, headers);
    }

    static String activation(String merchant, String charger, double lat, double lng) {
        return "{\"merchant_id\":\"" + merchant + "\",\"charger_id\":\"" + charger + "\",\"lat\":" + lat + ",\"lng\":"
                + lng + "}";
    }

    static void assertProblem(HttpResult result, int status, String code) {
        assertThat(result.status()).as(result.body()).isEqualTo(status);
        assertThat(result.header("Content-Type")).startsWith("application/problem+json");
        assertThat(result.json().get("code").asText()).isEqualTo(code);
    }

    // ---- merchants

    @Test
    void everyMerchantsPhotoIsServedWithItsTagAndADayOfCaching() {
        HttpResult nearby = server.get("/v1/merchants?lat=" + CHARGER_LAT + "&lng=" + CHARGER_LNG + "&radius_m=50000");
        assertThat(nearby.json().get("merchants").size()).isGreaterThanOrEqualTo(4);
        for (JsonNode merchant : nearby.json().get("merchants")) {
            String url = merchant.get("photo_url").asText();
            HttpResult photo = server.get(url);
            assertThat(photo.status()).as(url).isEqualTo(200);
            assertThat(photo.header("Content-Type")).as(url).startsWith("image/svg+xml");
            assertThat(photo.header("Cache-Control")).as(url).contains("max-age=86400");
            assertThat(photo.header("Content-Security-Policy")).as(url).contains("default-src 'none'");
            assertThat(photo.body()).as(url).startsWith("<svg").contains(merchant.get("name").asText().split(" ")[0]);
            String tag = photo.header("ETag");
            assertThat(tag).as(url).matches("\"[0-9a-f]{64}\"");
            HttpResult again = server.send("GET", url, null, Map.of("If-None-Match", tag));
            assertThat(again.status()).as(url).isEqualTo(304);
        }
        for (String wrong : List.of("/v1/merchants/photos/m_nobody.svg", "/v1/merchants/photos/readme.txt",
                "/v1/merchants/photos/.hidden.svg")) {
            HttpResult missing = server.get(wrong);
            assertThat(missing.status()).as(wrong).isEqualTo(404);
            assertThat(missing.header("Content-Type")).as(wrong).startsWith("application/problem+json");
        }
        // An encoded slash never reaches the catalog: the HTTP engine refuses it (docs/operations.md, "HTTP edge").
        String traversal = "/v1/merchants/photos/..%2Forg.nerava.auth.cfg";
        HttpResult refused = server.get(traversal);
        assertThat(refused.status()).as(traversal).isEqualTo(400);
        assertThat(refused.header("Content-Type")).as(traversal).startsWith("application/problem+json");
    }

    @Test
    void nearbyMerchantsComeNearestFirstWithTheirDistanceChargerOfferAndPhoto() {
        HttpResult result = server.get("/v1/merchants?lat=" + CHARGER_LAT + "&lng=" + CHARGER_LNG + "&radius_m=300");
        assertThat(result.status()).as(result.body()).isEqualTo(200);
        JsonNode merchants = result.json().get("merchants");
        assertThat(merchants.size()).isEqualTo(4);
        long previous = -1;
        for (JsonNode merchant : merchants) {
            assertThat(merchant.get("charger_id").asText()).isEqualTo(CHARGER);
            assertThat(merchant.get("distance_m").asLong()).isBetween(previous, 300L);
            previous = merchant.get("distance_m").asLong();
            assertThat(merchant.get("photo_url").asText())
                    .isEqualTo("/v1/merchants/photos/" + merchant.get("id").asText() + ".svg");
            assertThat(merchant.get("offer").asText()).isNotBlank();
            assertThat(merchant.get("category").asText()).isNotBlank();
        }
        assertThat(merchants.get(0).get("id").asText()).isEqualTo(MERCHANT);

        assertThat(server.get("/v1/merchants?lat=37.78235&lng=-122.40255&radius_m=120").json().get("merchants").size())
                .isEqualTo(2);
        assertThat(server.get("/v1/merchants?lat=37.78235&lng=-122.40255&radius_m=50000&limit=5").json()
                .get("merchants").size()).isEqualTo(5);
        assertThat(server.get("/v1/merchants?lat=0&lng=0").json().get("merchants").size())
                .as("nothing within the default 5 km of null island").isZero();
        JsonNode wide = server.get("/v1/merchants?lat=37.78235&lng=-122.40255&radius_m=50000&limit=200").json()
                .get("merchants");
        assertThat(wide.size()).as("the Bay Area merchants, not Santa Monica's").isBetween(10, 20);

        JsonNode first = server.get("/v1/merchants?lat=37.78235&lng=-122.40255&radius_m=50000&limit=5").json();
        assertThat(first.get("next_offset").asInt()).isEqualTo(5);
        JsonNode second = server.get("/v1/merchants?lat=37.78235&lng=-122.40255&radius_m=50000&limit=5&offset=5")
                .json();
        assertThat(second.get("merchants").get(0).get("id")).as("the next page starts where the first ended")
                .isEqualTo(wide.get(5).get("id"));
        JsonNode last = server.get("/v1/merchants?lat=37.78235&lng=-122.40255&radius_m=50000&limit=200&offset="
                + (wide.size() - 1)).json();
        assertThat(last.get("merchants").size()).isEqualTo(1);
        assertThat(last.has("next_offset")).as("no page after the last").isFalse();
        assertThat(wide.size()).isLessThan(200);
    }

    @ParameterizedTest
    @CsvSource({
        "lat=abc&lng=-122.4, invalid_coordinates",
        "lat=91&lng=-122.4, invalid_coordinates",
        "lat=-90.5&lng=-122.4, invalid_coordinates",
        "lat=37.7&lng=-180.01, invalid_coordinates",
        "lat=37.7&lng=181, invalid_coordinates",
        "lat=NaN&lng=-122.4, invalid_coordinates",
        "lat=Infinity&lng=-122.4, invalid_coordinates",
        "lat=1e1&lng=-122.4, invalid_coordinates",
        "lat=37.7&lng=0x10, invalid_coordinates",
        "lng=-122.4, missing_parameter",
        "lat=37.7, missing_parameter",
        "lat=37.7&lng=-122.4&radius_m=0, invalid_radius",
        "lat=37.7&lng=-122.4&radius_m=-5, invalid_radius",
        "lat=37.7&lng=-122.4&radius_m=50001, invalid_radius",
        "lat=37.7&lng=-122.4&radius_m=far, invalid_radius",
        "lat=37.7&lng=-122.4&limit=0, invalid_limit",
        "lat=37.7&lng=-122.4&limit=201, invalid_limit",
        "lat=37.7&lng=-122.4&limit=2.5, invalid_limit",
        "lat=37.7&lng=-122.4&offset=-1, invalid_offset",
        "lat=37.7&lng=-122.4&offset=10001, invalid_offset",
        "lat=37.7&lng=-122.4&offset=next, invalid_offset",
    })
    void badSearchParametersAre400(String query, String code) {
        assertProblem(server.get("/v1/merchants?" + query), 400, code);
    }

    @Test
    void aMerchantByIdAndUnknownOrMalformedIdsAre404() {
        HttpResult merchant = server.get("/v1/merchants/" + MERCHANT);
        assertThat(merchant.status()).isEqualTo(200);
        assertThat(merchant.json().get("name").asText()).isEqualTo("Tidewater Coffee Roasters");
        assertThat(merchant.json().get("charger_id").asText()).isEqualTo(CHARGER);
        assertThat(merchant.json().has("distance_m")).isFalse();
        assertThat(merchant.json().get("lat").asDouble()).isEqualTo(37.78302);
        for (String id : new String[] {"m_nope", "m%20tidewater", "x".repeat(65), "m_caf%C3%A9"}) {
            assertProblem(server.get("/v1/merchants/" + id), 404, "merchant_not_found");
        }
    }

    // ---- favorites

    @Test
    void favoritesNeedADriverToken() {
        for (String[] call : new String[][] {{"GET", "/v1/merchants/favorites"},
                {"POST", "/v1/merchants/" + MERCHANT + "/favorite"}, {"DELETE", "/v1/merchants/" + MERCHANT + "/favorite"}}) {
            HttpResult missing = send(call[0], call[1], null, null);
            assertProblem(missing, 401, "missing_token");
            assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertProblem(send(call[0], call[1], "nrv_" + "A".repeat(43), null), 401, "invalid_token");
        }
    }

    @Test
    void addingIsIdempotentTheListIsNewestFirstWithNamesAndPhotosAndTheAccountCountsThem() {
        String token = newDriver();
        HttpResult added = send("POST", "/v1/merchants/" + MERCHANT + "/favorite", token, null);
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.json().get("merchant_id").asText()).isEqualTo(MERCHANT);
        assertThat(added.json().get("name").asText()).isEqualTo("Tidewater Coffee Roasters");
        assertThat(added.json().get("photo_url").asText()).isEqualTo("/v1/merchants/photos/" + MERCHANT + ".svg");
        String createdAt = added.json().get("created_at").asText();

        HttpResult again = send("POST", "/v1/merchants/" + MERCHANT + "/favorite", token, null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("created_at").asText()).isEqualTo(createdAt);
        NeravaServer.sleep(5);
        assertThat(send("POST", "/v1/merchants/" + FAR_MERCHANT + "/favorite", token, null).status()).isEqualTo(201);

        JsonNode list = server.getAuthorized("/v1/merchants/favorites", token).json().get("favorites");
        assertThat(list.size()).isEqualTo(2);
        assertThat(list.get(0).get("merchant_id").asText()).isEqualTo(FAR_MERCHANT);
        assertThat(list.get(0).get("name").asText()).isEqualTo("Pier Street Donuts");
        assertThat(list.get(1).get("merchant_id").asText()).isEqualTo(MERCHANT);
        assertThat(list.get(1).get("created_at").asText()).isEqualTo(createdAt);
        assertThat(server.getAuthorized("/v1/account", token).json().get("favorites_count").asLong()).isEqualTo(2);

        String other = newDriver();
        assertThat(server.getAuthorized("/v1/merchants/favorites", other).json().get("favorites").size())
                .as("another driver's list").isZero();
        assertThat(server.getAuthorized("/v1/account", other).json().get("favorites_count").asLong()).isZero();
    }

    @Test
    void removingIsIdempotent204AndUnknownOrMalformedMerchantsCannotBeAdded() {
        String token = newDriver();
        send("POST", "/v1/merchants/" + MERCHANT + "/favorite", token, null);
        assertThat(send("DELETE", "/v1/merchants/" + MERCHANT + "/favorite", token, null).status()).isEqualTo(204);
        assertThat(send("DELETE", "/v1/merchants/" + MERCHANT + "/favorite", token, null).status()).isEqualTo(204);
        assertThat(send("DELETE", "/v1/merchants/m_never_added/favorite", token, null).status()).isEqualTo(204);
        assertThat(server.getAuthorized("/v1/merchants/favorites", token).json().get("favorites").size()).isZero();

        for (String id : new String[] {"m_nope", "m%20x", "x".repeat(65), "%E2%98%95"}) {
            assertProblem(send("POST", "/v1/merchants/" + id + "/favorite", token, null), 404, "merchant_not_found");
        }
        assertThat(server.getAuthorized("/v1/account", token).json().get("favorites_count").asLong()).isZero();
        HttpResult wrongMethod = send("PUT", "/v1/merchants/" + MERCHANT + "/favorite", token, null);
        assertThat(wrongMethod.status()).isEqualTo(405);
    }

    // ---- exclusives

    @Test
    void exclusivesNeedADriverToken() {
        assertProblem(send("POST", "/v1/exclusive/activate", null, activation(MERCHANT, CHARGER, CHARGER_LAT,
                CHARGER_LNG)), 401, "missing_token");
        assertProblem(send("GET", "/v1/exclusive/active", null, null), 401, "missing_token");
        assertProblem(send("POST", "/v1/exclusive/" + UUID.randomUUID() + "/complete", null, null), 401,
                "missing_token");
        assertProblem(send("GET", "/v1/exclusive/active", "nrv_" + "B".repeat(43), null), 401, "invalid_token");
    }

    @Test
    void activateAtTheChargerThenCompleteForOneRewardAndCompletingAgainAnswersTheSameReward() {
        String token = newDriver();
        assertProblem(send("GET", "/v1/exclusive/active", token, null), 404, "no_active_session");

        // About 50 m from the charger.
        HttpResult activated = send("POST", "/v1/exclusive/activate", token,
                activation(MERCHANT, CHARGER, CHARGER_LAT + 0.00045, CHARGER_LNG));
        assertThat(activated.status()).as(activated.body()).isEqualTo(201);
        JsonNode session = activated.json();
        String id = session.get("id").asText();
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        assertThat(session.get("status").asText()).isEqualTo("active");
        assertThat(session.get("merchant_id").asText()).isEqualTo(MERCHANT);
        assertThat(session.get("charger_id").asText()).isEqualTo(CHARGER);
        assertThat(java.time.Duration.between(java.time.Instant.parse(session.get("activated_at").asText()),
                java.time.Instant.parse(session.get("expires_at").asText()))).isEqualTo(java.time.Duration.ofHours(1));

        HttpResult active = send("GET", "/v1/exclusive/active", token, null);
        assertThat(active.status()).isEqualTo(200);
        assertThat(active.json().get("id").asText()).isEqualTo(id);

        HttpResult conflict = send("POST", "/v1/exclusive/activate", token,
                activation(OTHER_MERCHANT, CHARGER, CHARGER_LAT, CHARGER_LNG));
        assertProblem(conflict, 409, "already_active");
        assertThat(conflict.json().get("detail").asText()).contains(id);

        HttpResult completed = send("POST", "/v1/exclusive/" + id + "/complete", token, null);
        assertThat(completed.status()).as(completed.body()).isEqualTo(200);
        assertThat(completed.json().at("/session/status").asText()).isEqualTo("completed");
        assertThat(completed.json().at("/session/completed_at").isTextual()).isTrue();
        JsonNode reward = completed.json().get("reward");
        assertThat(reward.get("kind").asText()).isEqualTo("verified_visit");
        assertThat(reward.get("session_id").asText()).isEqualTo(id);
        assertThat(reward.get("merchant_id").asText()).isEqualTo(MERCHANT);

        HttpResult again = send("POST", "/v1/exclusive/" + id + "/complete", token, null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().at("/reward/id").asText()).isEqualTo(reward.get("id").asText());
        assertProblem(send("GET", "/v1/exclusive/active", token, null), 404, "no_active_session");
        assertThat(send("POST", "/v1/exclusive/activate", token,
                activation(OTHER_MERCHANT, CHARGER, CHARGER_LAT, CHARGER_LNG)).status())
                .as("a new one after completing").isEqualTo(201);
    }

    @Test
    void completingSomeoneElsesUnknownOrMalformedSessionIs404WithNothingAboutIt() {
        String owner = newDriver();
        String id = send("POST", "/v1/exclusive/activate", owner, activation(MERCHANT, CHARGER, CHARGER_LAT,
                CHARGER_LNG)).json().get("id").asText();
        String intruder = newDriver();
        HttpResult someoneElses = send("POST", "/v1/exclusive/" + id + "/complete", intruder, null);
        assertProblem(someoneElses, 404, "session_not_found");
        HttpResult unknown = send("POST", "/v1/exclusive/" + UUID.randomUUID() + "/complete", intruder, null);
        assertProblem(unknown, 404, "session_not_found");
        assertThat(someoneElses.json().get("detail")).isEqualTo(unknown.json().get("detail"));
        for (String malformed : new String[] {"not-a-uuid", "123", id + "0", "%27%20OR%201%3D1"}) {
            assertProblem(send("POST", "/v1/exclusive/" + malformed + "/complete", owner, null), 404,
                    "session_not_found");
        }
        assertThat(send("GET", "/v1/exclusive/active", owner, null).json().get("status").asText())
                .as("the owner's session is untouched").isEqualTo("active");
    }

    @Test
    void activationIsRefusedAwayFromTheChargerAtAnotherChargersMerchantAndForUnknownIdsInTheBody() {
        String token = newDriver();
        HttpResult tooFar = send("POST", "/v1/exclusive/activate", token,
                activation(MERCHANT, CHARGER, CHARGER_LAT + 0.0018, CHARGER_LNG)); // about 200 m
        assertProblem(tooFar, 422, "too_far");
        assertThat(tooFar.json().get("detail").asText()).contains("200 m").contains("150 m");
        assertProblem(send("POST", "/v1/exclusive/activate", token,
                activation(FAR_MERCHANT, CHARGER, CHARGER_LAT, CHARGER_LNG)), 422, "merchant_not_at_charger");
        assertProblem(send("POST", "/v1/exclusive/activate", token,
                activation(MERCHANT, "ch_nope", CHARGER_LAT, CHARGER_LNG)), 422, "unknown_charger");
        assertProblem(send("POST", "/v1/exclusive/activate", token,
                activation("m_nope", CHARGER, CHARGER_LAT, CHARGER_LNG)), 422, "unknown_merchant");
        assertProblem(send("GET", "/v1/exclusive/active", token, null), 404, "no_active_session");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"merchant_id\":\"m_tidewater_coffee\",\"charger_id\":\"ch_sf_soma\",\"lat\":91,\"lng\":-122.4}|invalid_coordinates",
        "{\"merchant_id\":\"m_tidewater_coffee\",\"charger_id\":\"ch_sf_soma\",\"lat\":37.7,\"lng\":-180.5}|invalid_coordinates",
        "{\"merchant_id\":\"m_tidewater_coffee\",\"charger_id\":\"ch_sf_soma\",\"lat\":\"37.7\",\"lng\":-122.4}|invalid_field",
        "{\"merchant_id\":\"m_tidewater_coffee\",\"charger_id\":\"ch_sf_soma\",\"lng\":-122.4}|missing_field",
        "{\"charger_id\":\"ch_sf_soma\",\"lat\":37.7,\"lng\":-122.4}|missing_field",
        "{\"merchant_id\":\"m_tidewater_coffee\",\"lat\":37.7,\"lng\":-122.4}|missing_field",
        "{\"merchant_id\":\"m_tidewater_coffee\",\"charger_id\":\"ch_sf_soma\",\"lat\":null,\"lng\":-122.4}|missing_field",
        "[1,2]|invalid_body",
        "{nope|malformed_json",
    })
    void malformedActivationsAre400(String bodyAndCode) {
        String[] parts = bodyAndCode.split("\\|");
        assertProblem(send("POST", "/v1/exclusive/activate", newDriverOnce(), parts[0]), 400, parts[1]);
    }

    private static String sharedDriver;

    private static synchronized String newDriverOnce() {
        if (sharedDriver == null) {
            sharedDriver = newDriver();
        }
        return sharedDriver;
    }

    // ---- the demo endpoint

    @Test
    void theDemoEndpointNeedsTheSecretBeforeItReadsTheBody() {
        String path = "/v1/admin/internal/demo/simulate-verified-visit";
        String body = "{\"phone\":\"+14155554900\",\"merchant_id\":\"" + MERCHANT + "\"}";
        assertProblem(server.send("POST", path, body, Map.of("Content-Type", "application/json")), 403, "forbidden");
        assertProblem(server.send("POST", path, body, Map.of("Content-Type", "application/json",
                "X-Internal-Secret", SECRET + "x")), 403, "forbidden");
        assertProblem(server.send("POST", path, "{garbage", Map.of("Content-Type", "application/json",
                "X-Internal-Secret", "wrong")), 403, "forbidden");
        assertThat(server.log()).doesNotContain(SECRET);
    }

    @Test
    void theDemoSecretIsNoServiceProperty() {
        // The settings are a service the feature's components bind, and the shell lists every service's properties.
        assertThat(server.shell("service:list org.nerava.exclusives.internal.CurrentSettings"))
                .contains("org.nerava.platform.config.ConfigurationStatus").doesNotContain(SECRET);
        assertThat(server.shell("service:list")).doesNotContain(SECRET).doesNotContain("internalSecret");
    }

    @Test
    void theDemoEndpointCreatesACompletedSessionAndRewardForADriverFoundOrCreatedByPhone() {
        String path = "/v1/admin/internal/demo/simulate-verified-visit";
        Map<String, String> headers = Map.of("Content-Type", "application/json", "X-Internal-Secret", SECRET);
        HttpResult visit = server.send("POST", path, "{\"phone\":\"(415) 555-4901\",\"merchant_id\":\"" + FAR_MERCHANT
                + "\"}", headers);
        assertThat(visit.status()).as(visit.body()).isEqualTo(201);
        String driver = visit.json().get("driver_public_id").asText();
        String session = visit.json().get("session_id").asText();
        String reward = visit.json().get("reward_id").asText();
        assertThat(List.of(driver, session, reward)).allSatisfy(id -> assertThat(UUID.fromString(id)).isNotNull());
        assertThat(visit.json().get("charger_id").asText()).isEqualTo("ch_santa_monica_pier");

        HttpResult second = server.send("POST", path, "{\"phone\":\"+14155554901\",\"merchant_id\":\"" + MERCHANT
                + "\"}", headers);
        assertThat(second.json().get("driver_public_id").asText()).as("the same driver, found by phone")
                .isEqualTo(driver);
        assertThat(second.json().get("session_id").asText()).isNotEqualTo(session);

        // The driver signs in later: it is the same account, and the demo session is theirs, completed.
        String token = server.signIn("+14155554901");
        assertThat(server.getAuthorized("/v1/account", token).json().get("public_id").asText()).isEqualTo(driver);
        HttpResult completed = send("POST", "/v1/exclusive/" + session + "/complete", token, null);
        assertThat(completed.status()).isEqualTo(200);
        assertThat(completed.json().at("/reward/id").asText()).isEqualTo(reward);
        assertThat(server.shell("nerava:audit --action demo.verified_visit")).contains(session);

        assertProblem(server.send("POST", path, "{\"phone\":\"not a phone\",\"merchant_id\":\"" + MERCHANT + "\"}",
                headers), 400, "invalid_phone");
        assertProblem(server.send("POST", path, "{\"phone\":\"+14155554902\",\"merchant_id\":\"m_nope\"}", headers),
                422, "unknown_merchant");
        assertProblem(server.send("POST", path, "{\"phone\":\"+14155554902\"}", headers), 400, "missing_field");
    }

    @Test
    void withoutAConfiguredSecretTheDemoEndpointIs404() {
        String path = "/v1/admin/internal/demo/simulate-verified-visit";
        server.configure("org.nerava.exclusives", "internalSecret", null);
        try {
            HttpResult absent = awaitStatus(path, Map.of("Content-Type", "application/json", "X-Internal-Secret", ""),
                    404);
            assertProblem(absent, 404, "not_found");
            assertProblem(server.send("POST", path, "{garbage", Map.of("Content-Type", "application/json",
                    "X-Internal-Secret", SECRET)), 404, "not_found");
        } finally {
            server.configure("org.nerava.exclusives", "internalSecret", SECRET);
        }
        awaitStatus(path, Map.of("Content-Type", "application/json", "X-Internal-Secret", "wrong"), 403);
    }

    private static HttpResult awaitStatus(String path, Map<String, String> headers, int status) {
        List<HttpResult> seen = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            HttpResult result = server.send("POST", path, "{}", headers);
            if (result.status() == status) {
                return result;
            }
            seen.add(result);
            NeravaServer.sleep(100);
        }
        throw new AssertionError("never " + status + ": " + seen.get(seen.size() - 1));
    }

    // ---- the operator's catalog

    @Test
    void anOperatorLoadsACatalogFileFromTheShellAndABrokenFileLoadsNothing() throws Exception {
        java.nio.file.Path file = server.home().resolve("catalog-update.json");
        java.nio.file.Files.writeString(file, """
                {"chargers": [{"id": "ch_itest_depot", "name": "Itest Depot", "lat": 40.0, "lng": -105.0,
                  "merchants": [{"id": "m_itest_cafe", "name": "Itest Cafe", "category": "coffee", "lat": 40.0005,
                                 "lng": -105.0, "offer": "A free test"}]}]}
                """);
        String output = server.shell("nerava:catalog-load " + file);
        assertThat(output).contains("chargers: 1 added, 0 updated; merchants: 1 added, 0 updated");
        HttpResult loaded = server.get("/v1/merchants?lat=40&lng=-105&radius_m=500");
        assertThat(loaded.json().get("merchants").get(0).get("id").asText()).isEqualTo("m_itest_cafe");
        assertThat(server.get("/v1/merchants/" + MERCHANT).status()).as("nothing removed").isEqualTo(200);

        java.nio.file.Path broken = server.home().resolve("catalog-broken.json");
        java.nio.file.Files.writeString(broken, """
                {"chargers": [{"id": "ch_itest_other", "name": "Other", "lat": 40.1, "lng": -105.0},
                              {"id": "ch_itest_bad", "name": "Bad", "lat": 97, "lng": -105.0}]}
                """);
        assertThat(server.shell("nerava:catalog-load " + broken))
                .contains("line 2: chargers[1].lat 97.0 is outside -90..90");
        assertThat(server.get("/v1/merchants?lat=40.1&lng=-105&radius_m=100").json().get("merchants").size()).isZero();
        String audit = server.shell("nerava:audit --action catalog.load");
        assertThat(audit).contains("SUCCESS").contains("FAILURE").contains("catalog-update.json");
    }

    @Test
    void aRefusedCatalogSettingKeepsTheLastGoodValuesAndReadinessNamesIt() {
        try {
            server.configure("org.nerava.merchants", "catalogCacheMerchants", "10");
            JsonNode configuration = null;
            for (int i = 0; i < 100; i++) {
                configuration = server.get("/readyz").json().at("/checks/configuration");
                if (configuration.path("detail").asText().contains("org.nerava.merchants")) {
                    break;
                }
                NeravaServer.sleep(100);
            }
            assertThat(configuration.get("status").asText()).isEqualTo("degraded");
            assertThat(configuration.get("detail").asText())
                    .contains("org.nerava.merchants: catalogCacheMerchants = '10' refused: a whole number from 100 to"
                            + " 1000000")
                    .contains("the last good values");
            assertThat(server.get("/readyz").json().at("/checks/catalog/cache_capacity").asInt())
                    .as("the last good capacity serves").isEqualTo(50_000);
            assertThat(server.get("/v1/merchants?lat=" + CHARGER_LAT + "&lng=" + CHARGER_LNG + "&radius_m=300")
                    .status()).isEqualTo(200);
        } finally {
            server.configure("org.nerava.merchants", "catalogCacheMerchants", "50000");
        }
        String status = "";
        for (int i = 0; i < 100 && !status.equals("up"); i++) {
            NeravaServer.sleep(100);
            status = server.get("/readyz").json().at("/checks/configuration/status").asText();
        }
        assertThat(status).as("the fixed value applies without a restart").isEqualTo("up");
    }

    // ---- durability

    @Test
    void aRestartKeepsEveryFavoriteSessionAndReward() {
        String token = newDriver();
        send("POST", "/v1/merchants/" + MERCHANT + "/favorite", token, null);
        send("POST", "/v1/merchants/" + FAR_MERCHANT + "/favorite", token, null);
        String done = send("POST", "/v1/exclusive/activate", token, activation(MERCHANT, CHARGER, CHARGER_LAT,
                CHARGER_LNG)).json().get("id").asText();
        String reward = send("POST", "/v1/exclusive/" + done + "/complete", token, null).json().at("/reward/id").asText();
        String active = send("POST", "/v1/exclusive/activate", token, activation(OTHER_MERCHANT, CHARGER, CHARGER_LAT,
                CHARGER_LNG)).json().get("id").asText();
        String favoritesBefore = server.getAuthorized("/v1/merchants/favorites", token).body();

        server.restart();
        server.awaitReady();

        assertThat(server.getAuthorized("/v1/merchants/favorites", token).body()).isEqualTo(favoritesBefore);
        assertThat(send("GET", "/v1/exclusive/active", token, null).json().get("id").asText()).isEqualTo(active);
        assertThat(send("POST", "/v1/exclusive/" + done + "/complete", token, null).json().at("/reward/id").asText())
                .isEqualTo(reward);
        assertThat(server.log()).containsOnlyOnce("Catalog seeded from");
    }
}
