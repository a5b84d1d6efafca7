package org.nerava.itest.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;
import org.nerava.testing.TestPostgres;

/**
 * A database from the releases where the exclusives feature owned the catalog (one schema, {@code nerava-exclusives},
 * made {@code charger}, {@code merchant}, {@code exclusive_session} and {@code reward_event}) is upgraded in place:
 * the merchants and exclusive-sessions schemas adopt the tables that are there, and every merchant, session and
 * reward is served as before. The older database is made the honest way: this build writes the data, then the stopped
 * server's H2 file is given back the schema histories that release had (its one history table, none of the two new).
 */
class CatalogSplitUpgradeTest {

    private static final String PHONE = "+14155550177";
    private static final String MERCHANT = "m_tidewater_coffee";
    private static final String ACTIVATE = "{\"merchant_id\":\"" + MERCHANT
            + "\",\"charger_id\":\"ch_sf_soma\",\"lat\":37.78235,\"lng\":-122.40255}";
    private static final String LOADED_CATALOG = """
            {"chargers": [{"id": "ch_upgrade", "name": "Upgrade Hub", "lat": 36.0, "lng": -121.0, "merchants": [
              {"id": "m_loaded_before_upgrade", "name": "Loaded Before Upgrade", "category": "coffee",
               "lat": 36.0003, "lng": -121.0, "offer": "Kept across the upgrade"}]}]}
            """;

    /** Opens the stopped server's database. */
    private interface Database {
        Connection open(Path home) throws Exception;
    }

    @Test
    void anEmbeddedH2DatabaseFromBeforeTheSplitKeepsItsCatalogSessionsAndRewards() throws Exception {
        upgradeKeepsEverything(Map.of(), home -> DriverManager.getConnection(
                "jdbc:h2:file:" + home.resolve("data/h2/nerava") + ";WRITE_DELAY=0", "sa", ""));
    }

    @Test
    void aPostgreSqlDatabaseFromBeforeTheSplitKeepsItsCatalogSessionsAndRewards() throws Exception {
        try (TestPostgres postgres = TestPostgres.createDatabase()) {
            upgradeKeepsEverything(postgres.serverEnvironment(), home -> postgres.connect());
        }
    }

    private static void upgradeKeepsEverything(Map<String, String> environment, Database database) throws Exception {
        try (NeravaServer server = NeravaServer.start(environment)) {
            server.awaitReady();
            awaitSeeded(server);
            String token = server.signIn(PHONE);
            Map<String, String> headers = Map.of("Authorization", "Bearer " + token, "Content-Type",
                    "application/json");
            Path file = Files.writeString(server.home().resolve("catalog-before-upgrade.json"), LOADED_CATALOG);
            assertThat(server.shell("nerava:catalog-load " + file)).contains("merchants: 1 added");
            HttpResult first = server.send("POST", "/v1/exclusive/activate", ACTIVATE, headers);
            assertThat(first.status()).as(first.body()).isEqualTo(201);
            String completed = first.json().get("id").asText();
            HttpResult reward = server.send("POST", "/v1/exclusive/" + completed + "/complete", null, headers);
            assertThat(reward.status()).as(reward.body()).isEqualTo(200);
            HttpResult second = server.send("POST", "/v1/exclusive/activate", ACTIVATE, headers);
            assertThat(second.status()).as(second.body()).isEqualTo(201);
            String nearbyBefore = server.get("/v1/merchants?lat=37.78235&lng=-122.40255&radius_m=50000").body();

            server.stop();
            try (Connection connection = database.open(server.home())) {
                rewindToTheReleaseBeforeTheSplit(connection);
            }
            server.restart();
            server.awaitReady();

            assertThat(server.log())
                    .contains("Schema nerava-merchants: table charger exists without history, baselining at version 1")
                    .contains("Schema nerava-exclusive-sessions: table exclusive_session exists without history,"
                            + " baselining at version 1");
            assertThat(server.get("/v1/merchants/m_loaded_before_upgrade").json().get("name").asText())
                    .isEqualTo("Loaded Before Upgrade");
            assertThat(server.get("/v1/merchants?lat=37.78235&lng=-122.40255&radius_m=50000").body())
                    .as("the same catalog, not seeded a second time").isEqualTo(nearbyBefore);
            HttpResult active = server.send("GET", "/v1/exclusive/active", null, headers);
            assertThat(active.status()).as(active.body()).isEqualTo(200);
            assertThat(active.json().get("id").asText()).isEqualTo(second.json().get("id").asText());
            HttpResult again = server.send("POST", "/v1/exclusive/" + completed + "/complete", null, headers);
            assertThat(again.json().at("/reward/id").asText()).isEqualTo(reward.json().at("/reward/id").asText());
            assertThat(server.send("POST", "/v1/exclusive/activate", ACTIVATE, headers).json().get("code").asText())
                    .as("the catalog answers exclusives").isEqualTo("already_active");
        }
    }

    /** The seed file is loaded on a thread of its own: a load before it would leave the catalog unseeded. */
    private static void awaitSeeded(NeravaServer server) {
        for (int i = 0; i < 300 && server.get("/v1/merchants/" + MERCHANT).status() != 200; i++) {
            NeravaServer.sleep(100);
        }
        assertThat(server.get("/v1/merchants/" + MERCHANT).status()).as("the shipped catalog is seeded").isEqualTo(200);
    }

    /**
     * The older release's histories: one for the four tables ({@code nerava_exclusives_schema_history}, a copy of a
     * history at version 1, which nothing reads any more) and none for the two schemas that replaced it.
     */
    private static void rewindToTheReleaseBeforeTheSplit(Connection connection) throws Exception {
        try (Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE \"nerava_exclusives_schema_history\" AS"
                    + " SELECT * FROM \"nerava_exclusive_sessions_schema_history\"");
            // Flyway quotes its own names as it writes them, in lower case, on both databases.
            sql.execute("UPDATE \"nerava_exclusives_schema_history\" SET \"description\" = 'catalog and session"
                    + " tables', \"script\" = 'V1__catalog_and_session_tables.sql' WHERE \"version\" = '1'");
            sql.execute("DROP TABLE \"nerava_exclusive_sessions_schema_history\"");
            sql.execute("DROP TABLE \"nerava_merchants_schema_history\"");
        }
    }
}
