package org.nerava.merchants.internal.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.nerava.merchants.internal.CurrentSettings;
import org.nerava.merchants.internal.MerchantsConfigs;
import org.nerava.merchants.internal.catalog.SeedFile.SeedFileException;
import org.nerava.testing.SteppingClock;
import org.nerava.testing.TestDatabase;

/**
 * Loads streamed into one transaction, versions, and another node following them without re-reading everything, over
 * H2 and PostgreSQL.
 */
@ParameterizedClass(name = "on {0}")
@ArgumentsSource(TestDatabase.Engines.class)
class CatalogRefreshTest {

    @Parameter
    TestDatabase.Engine engine;

    @TempDir
    Path dir;

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-05T10:00:00Z"));
    private TestDatabase database;
    private CatalogStore store;
    private CurrentSettings settings;
    private Catalog here;
    private Catalog there;
    private CatalogLoader loader;

    @BeforeEach
    void setUp() {
        database = TestDatabase.on(engine, CatalogStore.UNIT);
        store = new CatalogStore(database.jpa(), database.dataSource());
        settings = MerchantsConfigs.settings(Map.of("catalogRefreshSeconds", 60, "catalogCacheMerchants", 500));
        here = new Catalog(store, settings, clock);
        there = new Catalog(store, settings, clock);
        loader = new CatalogLoader(store, here, settings, clock);
    }

    @AfterEach
    void tearDown() throws Exception {
        database.close();
    }

    @Test
    void aProblemAtTheEndOfALargeFileLeavesTheCatalogAsItWas() throws Exception {
        loader.load(write("first.json", catalog(3, 2, "a", "")));
        long version = store.state().version();
        // Thousands of chargers written chunk by chunk before the bad one at the end.
        Path big = write("big.json", catalog(3_000, 3, "b", ",{\"id\": \"ch_bad\", \"name\": \"Bad\", \"lat\": 95,"
                + " \"lng\": 0}"));
        assertThatThrownBy(() -> loader.load(big)).isInstanceOf(SeedFileException.class)
                .hasMessageContaining("line 3001: chargers[3000].lat 95.0 is outside -90..90");
        assertThat(count("merchant")).isEqualTo(6);
        assertThat(count("charger")).isEqualTo(3);
        assertThat(store.state()).isEqualTo(new CatalogStore.State(version, 3, 6));
    }

    @Test
    void aFileBrokenHalfWayChangesNothingAndTheErrorNamesTheLine() throws Exception {
        loader.load(write("first.json", catalog(3, 2, "a", "")));
        CatalogStore.State before = store.state();
        String good = catalog(3_000, 3, "b", "");
        Path badValue = write("bad-value.json", good.replace("\"id\": \"m_b_1500_1\", \"name\": \"M\", \"category\": \"coffee\","
                + " \"lat\": ", "\"id\": \"m_b_1500_1\", \"name\": \"M\", \"category\": \"coffee\", \"lat\": 1"));
        assertThatThrownBy(() -> loader.load(badValue)).isInstanceOf(SeedFileException.class)
                .hasMessageContaining("line 1502: chargers[1500].merchants[1].lat 133.75")
                .hasMessageContaining("is outside -90..90");
        Path cut = write("cut.json", good.substring(0, good.indexOf("{\"id\": \"ch_b_1500\"") + 30) + "\n]}");
        assertThatThrownBy(() -> loader.load(cut)).isInstanceOf(SeedFileException.class)
                .hasMessageContaining("not JSON").hasMessageMatching("(?s).* at line 150[23], column .*");

        assertThat(store.state()).isEqualTo(before);
        assertThat(count("charger")).isEqualTo(3);
        assertThat(count("merchant")).isEqualTo(6);
        assertThat(here.merchant("m_b_0_0")).isEmpty();
    }

    @Test
    void aMerchantNamedTwiceFarApartInAFileIsRefused() throws Exception {
        String json = catalog(2_000, 2, "a", "");
        Path twice = write("twice.json", json.replace("\"id\": \"m_a_1999_1\"", "\"id\": \"m_a_0_0\""));
        assertThatThrownBy(() -> loader.load(twice)).isInstanceOf(SeedFileException.class)
                .hasMessageContaining("chargers[1999].merchants[1].id 'm_a_0_0' appears twice");
        assertThat(store.isEmpty()).isTrue();
    }

    @Test
    void anotherNodeForgetsOnlyWhatALoadChangedAndFindsAMovedMerchantInItsNewPlace() throws Exception {
        loader.load(write("first.json", catalog(20, 3, "a", "")));
        assertThat(there.nearby(30.0, -100.0, 2_000, 50)).extracting(n -> n.merchant().id()).contains("m_a_0_0");
        assertThat(there.nearby(30.0, -99.0, 2_000, 50)).extracting(n -> n.merchant().id()).contains("m_a_2_0");
        long cachedBefore = there.status().cachedMerchants();
        long version = store.state().version();

        // m_a_0_0 moves next to charger 2 and gets a new offer; nothing else changes.
        String moved = catalog(20, 3, "a", "").replace("\"lat\": 30.0001, \"lng\": -100.0001, \"offer\": \"offer a 0 0\"",
                "\"lat\": 30.0001, \"lng\": -99.0001, \"offer\": \"moved\"");
        assertThat(loader.load(write("moved.json", moved))).isEqualTo(new CatalogStore.LoadResult(0, 0, 0, 1));
        assertThat(store.state().version()).isEqualTo(version + 1);

        clock.advance(Duration.ofSeconds(59));
        assertThat(there.nearby(30.0, -100.0, 2_000, 50)).as("still this node's cache").extracting(n -> n.merchant().id())
                .contains("m_a_0_0");
        clock.advance(Duration.ofSeconds(1));
        assertThat(there.nearby(30.0, -100.0, 2_000, 50)).extracting(n -> n.merchant().id()).doesNotContain("m_a_0_0");
        assertThat(there.nearby(30.0, -99.0, 2_000, 50)).filteredOn(n -> n.merchant().id().equals("m_a_0_0"))
                .singleElement().satisfies(n -> assertThat(n.merchant().offer()).isEqualTo("moved"));
        assertThat(there.nearby(30.0, -98.0, 2_000, 50)).isNotEmpty();
        assertThat(there.status().cachedMerchants()).as("the other cells stayed cached")
                .isGreaterThan(cachedBefore - 10);

        assertThat(loader.load(write("again.json", moved))).as("the same file again changes nothing")
                .isEqualTo(new CatalogStore.LoadResult(0, 0, 0, 0));
        assertThat(store.state().version()).as("and leaves the version").isEqualTo(version + 1);
    }

    @Test
    void theCacheStaysWithinItsCapacityWhateverIsSearched() throws Exception {
        loader.load(write("many.json", catalog(400, 5, "a", "")));
        for (int c = 0; c < 400; c++) {
            here.nearby(30.0 + (c / 20) * 0.05, -100.0 + (c % 20) * 0.5, 1_000, 50);
        }
        Catalog.Status status = here.status();
        assertThat(status.cachedMerchants()).isLessThanOrEqualTo(500);
        assertThat(status.cacheCapacity()).isEqualTo(500);
        assertThat(status.state().merchants()).isEqualTo(2_000);
        assertThat(here.merchant("m_a_399_4")).isPresent();
    }

    @Test
    void readinessShowsTheCatalogsSizeAndTheCache() throws Exception {
        CatalogReadinessCheck check = new CatalogReadinessCheck(here);
        assertThat(check.check().status()).isEqualTo(org.nerava.platform.health.Readiness.Status.DEGRADED);
        loader.load(write("first.json", catalog(4, 2, "a", "")));
        here.nearby(30.0, -100.0, 1_000, 10);
        here.nearby(30.0, -100.0, 1_000, 10);
        var readiness = check.check();
        assertThat(readiness.status()).isEqualTo(org.nerava.platform.health.Readiness.Status.UP);
        assertThat(readiness.details()).containsEntry("merchants", 8L).containsEntry("chargers", 4L)
                .containsKeys("version", "cache_cells", "cache_merchants", "cache_capacity", "cache_hit_rate");
        assertThat((Double) readiness.details().get("cache_hit_rate")).isEqualTo(0.5);
        assertThat(check.critical()).isFalse();
    }

    /** Chargers {@code ch_<tag>_<i>}, one a line (charger i on line i + 2), on a grid from 30,-100 (0.05 degree of latitude apart, 0.5 of longitude), each with merchants around it. */
    private static String catalog(int chargers, int merchantsEach, String tag, String extraCharger) {
        StringBuilder json = new StringBuilder("{\"chargers\": [");
        for (int c = 0; c < chargers; c++) {
            double lat = 30.0 + (c / 20) * 0.05;
            double lng = -100.0 + (c % 20) * 0.5;
            json.append(c == 0 ? "\n" : ",\n").append("{\"id\": \"ch_").append(tag).append('_').append(c)
                    .append("\", \"name\": \"C\", \"lat\": ").append(lat).append(", \"lng\": ").append(lng)
                    .append(", \"merchants\": [");
            for (int m = 0; m < merchantsEach; m++) {
                json.append(m == 0 ? "" : ",").append("{\"id\": \"m_").append(tag).append('_').append(c).append('_')
                        .append(m).append("\", \"name\": \"M\", \"category\": \"coffee\", \"lat\": ")
                        .append(lat + 0.0001 * (m + 1)).append(", \"lng\": ").append(lng - 0.0001 * (m + 1))
                        .append(", \"offer\": \"offer ").append(tag).append(' ').append(c).append(' ').append(m)
                        .append("\"}");
            }
            json.append("]}");
        }
        return json.append(extraCharger).append("]}").toString();
    }

    private Path write(String name, String json) throws Exception {
        return Files.writeString(dir.resolve(name), json);
    }

    private long count(String table) throws Exception {
        try (Connection connection = database.connection();
                ResultSet rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
