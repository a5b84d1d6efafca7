package org.nerava.merchants.internal.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nerava.merchants.internal.MerchantsConfigs;
import org.nerava.testing.TestDatabase;

/**
 * Loads of 15,000 merchants into a fresh PostgreSQL database: what only PostgreSQL's planner shows (CatalogTest,
 * CatalogRefreshTest and CatalogSearchTest check what the catalog answers, on H2 and on PostgreSQL).
 */
class CatalogLoadOnPostgresTest {

    private static final int CHARGERS = 1_500;
    private static final int MERCHANTS_EACH = 10;
    private static final int MERCHANTS = CHARGERS * MERCHANTS_EACH;

    private TestDatabase database;
    private CatalogStore store;

    @BeforeEach
    void setUp() {
        database = TestDatabase.onPostgres(CatalogStore.UNIT);
        store = new CatalogStore(database.jpa(), database.dataSource());
    }

    @AfterEach
    void tearDown() throws SQLException {
        if (database != null) { // null when setUp skipped the test: no PostgreSQL cluster is configured
            database.close();
        }
    }

    /**
     * The driver prepares a statement on the server after five runs, and the server may then keep one generic plan for
     * it, costed from the table's statistics as they were. On a node whose catalog was small, the bench's server did
     * (PostgreSQL's auto_explain showed it): each chunk's lookup of 500 ids scanned the whole table so far, comparing
     * every row with each id, and a load of 100,000 merchants took 109 s. Whether the server keeps a generic plan
     * depends on its cost estimates, so this session asks for generic plans outright: the load must plan its own
     * statements at every run all the same. The load's session shows how they were planned.
     */
    @Test
    void everyStatementOfALoadIsPlannedForItsRunEvenWhereTheServerWouldKeepAGenericPlan() throws Exception {
        try (Connection connection = database.connection()) {
            try (Statement generic = connection.createStatement()) {
                generic.execute("SET plan_cache_mode = force_generic_plan");
            }
            connection.setAutoCommit(false);
            try (CatalogWriter writer = CatalogWriter.begin(connection, 1L)) {
                catalog(writer);
                writer.finish();
                try (PreparedStatement select = connection.prepareStatement("SELECT statement, generic_plans,"
                        + " custom_plans FROM pg_prepared_statements WHERE statement LIKE 'SELECT id, charger_id%'");
                        ResultSet rows = select.executeQuery()) {
                    assertThat(rows.next()).as("the driver prepared the merchants' lookup on the server").isTrue();
                    assertThat(rows.getLong("custom_plans")).as("custom plans").isPositive();
                    assertThat(rows.getLong("generic_plans")).as("generic plans of %s", rows.getString(1)).isZero();
                }
            }
            connection.commit();
        }
    }

    @Test
    void aLoadLeavesTheStatisticsDescribingWhatItWrote() throws Exception {
        assertThat(store.load(this::catalog, 1L)).isEqualTo(new CatalogStore.LoadResult(CHARGERS, 0, MERCHANTS, 0));

        try (Connection connection = database.connection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT relname, reltuples FROM pg_class WHERE relname IN ('charger', 'merchant')");
                ResultSet rows = select.executeQuery()) {
            Map<String, Long> estimates = new HashMap<>();
            while (rows.next()) {
                estimates.put(rows.getString(1), rows.getLong(2));
            }
            assertThat(estimates).as("the planner's row counts")
                    .isEqualTo(Map.of("charger", (long) CHARGERS, "merchant", (long) MERCHANTS));
        }
        assertThat(store.load(this::catalog, 2L)).as("the same file again changes nothing")
                .isEqualTo(new CatalogStore.LoadResult(0, 0, 0, 0));
        Catalog catalog = new Catalog(store, MerchantsConfigs.settings(Map.of()));
        assertThat(catalog.merchantCount()).isEqualTo(MERCHANTS);
        assertThat(catalog.nearby(30.0, -100.0, 1_000, 50)).extracting(nearby -> nearby.merchant().id())
                .containsExactlyInAnyOrder(merchantIds(0));
    }

    /** Chargers 0.01° of latitude (1.1 km) apart along a meridian; each one's merchants within 100 m of it. */
    private void catalog(SeedFile.Sink sink) {
        for (int c = 0; c < CHARGERS; c++) {
            double lat = 30.0 + c * 0.01;
            List<Merchant> merchants = new ArrayList<>();
            for (int m = 0; m < MERCHANTS_EACH; m++) {
                merchants.add(new Merchant("m_" + c + "_" + m, "ch_" + c, "Merchant " + m, "coffee", null,
                        lat + m * 0.0001, -100.0, "offer " + m));
            }
            sink.accept(new Charger("ch_" + c, "Charger " + c, null, lat, -100.0), merchants);
        }
    }

    private static String[] merchantIds(int charger) {
        String[] ids = new String[MERCHANTS_EACH];
        for (int m = 0; m < MERCHANTS_EACH; m++) {
            ids[m] = "m_" + charger + "_" + m;
        }
        return ids;
    }
}
