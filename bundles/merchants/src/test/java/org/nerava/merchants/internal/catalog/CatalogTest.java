package org.nerava.merchants.internal.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
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
import org.nerava.merchants.ChargerLocation;
import org.nerava.merchants.MerchantSummary;
import org.nerava.merchants.internal.CurrentSettings;
import org.nerava.merchants.internal.MerchantsConfigs;
import org.nerava.merchants.internal.catalog.SeedFile.SeedFileException;
import org.nerava.testing.SteppingClock;
import org.nerava.testing.TestDatabase;

/** The catalog on the bundle's real persistence unit, over H2 and PostgreSQL: seeding, loading, searching, the caches. */
@ParameterizedClass(name = "on {0}")
@ArgumentsSource(TestDatabase.Engines.class)
class CatalogTest {

    @Parameter
    TestDatabase.Engine engine;

    private static final String TWO_CHARGERS = """
            {"chargers": [
              {"id": "ch_a", "name": "A", "lat": 37.0, "lng": -122.0, "merchants": [
                {"id": "m_near", "name": "Near", "category": "coffee", "photo_url": "merchants/m_near.jpg",
                 "lat": 37.0005, "lng": -122.0, "offer": "Free cookie"},
                {"id": "m_far", "name": "Far", "category": "books", "lat": 37.004, "lng": -122.0, "offer": "10%"}]},
              {"id": "ch_b", "name": "B", "lat": 38.0, "lng": -122.0, "merchants": [
                {"id": "m_other", "name": "Other", "category": "tea", "photo_url": "https://127.0.0.1/x.jpg",
                 "lat": 38.0, "lng": -122.0, "offer": "Free tea"}]}]}
            """;

    @TempDir
    Path dir;

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-28T10:00:00Z"));
    private TestDatabase database;
    private CatalogStore store;
    private Catalog catalog;
    private CatalogLoader loader;
    private Path seed;

    @BeforeEach
    void setUp() throws Exception {
        database = TestDatabase.on(engine, CatalogStore.UNIT);
        store = new CatalogStore(database.jpa(), database.dataSource());
        seed = dir.resolve("seed.json");
        Files.writeString(seed, TWO_CHARGERS);
        CurrentSettings settings = MerchantsConfigs.settings(Map.of("seedFile", seed.toString(),
                "photoBaseUrl", "/media", "catalogRefreshSeconds", 60));
        catalog = new Catalog(store, settings, clock);
        loader = new CatalogLoader(store, catalog, settings, clock);
    }

    @AfterEach
    void tearDown() throws Exception {
        database.close();
    }

    @Test
    void anEmptyCatalogIsSeededOnceAndNeverAgain() throws Exception {
        assertThat(catalog.merchantCount()).isZero();
        CatalogStore.LoadResult seeded = loader.seedIfEmpty();
        assertThat(seeded).isEqualTo(new CatalogStore.LoadResult(2, 0, 3, 0));
        assertThat(catalog.merchantCount()).as("a load on this node is seen at once").isEqualTo(3);

        Files.writeString(seed, TWO_CHARGERS.replace("Free cookie", "Two cookies"));
        assertThat(loader.seedIfEmpty()).as("a catalog with chargers is not seeded again").isNull();
        assertThat(catalog.merchant("m_near").orElseThrow().offer()).isEqualTo("Free cookie");
    }

    @Test
    void theShippedSeedFileSeedsTheCatalog() throws Exception {
        CatalogStore.LoadResult seeded = loader.load(SeedFileTest.SHIPPED);
        assertThat(seeded.chargersAdded()).isGreaterThanOrEqualTo(5);
        assertThat(catalog.charger("ch_sf_soma")).isPresent();
        assertThat(catalog.nearby(37.78235, -122.40255, 300, 50)).isNotEmpty()
                .allMatch(n -> n.merchant().chargerId().equals("ch_sf_soma"));
    }

    @Test
    void aLoadAddsAndUpdatesByIdAndRemovesNothing() throws Exception {
        loader.seedIfEmpty();
        Path update = dir.resolve("update.json");
        Files.writeString(update, """
                {"chargers": [{"id": "ch_a", "name": "A renamed", "lat": 37.0, "lng": -122.0, "merchants": [
                   {"id": "m_near", "name": "Near", "category": "coffee", "photo_url": "merchants/m_near.jpg",
                    "lat": 37.0005, "lng": -122.0, "offer": "Two cookies"},
                   {"id": "m_new", "name": "New", "category": "bakery", "lat": 37.0001, "lng": -122.0, "offer": "Bread"}
                ]}]}
                """);
        assertThat(loader.load(update)).isEqualTo(new CatalogStore.LoadResult(0, 1, 1, 1));
        assertThat(catalog.merchant("m_near").orElseThrow().offer()).isEqualTo("Two cookies");
        assertThat(catalog.merchant("m_new")).isPresent();
        assertThat(catalog.merchant("m_far")).as("not in the file, still in the catalog").isPresent();
        assertThat(catalog.charger("ch_a").orElseThrow().name()).isEqualTo("A renamed");
        assertThat(loader.load(update)).as("loading the same file again changes nothing")
                .isEqualTo(new CatalogStore.LoadResult(0, 0, 0, 0));
    }

    @Test
    void anInvalidFileLoadsNothing() throws Exception {
        Files.writeString(seed, "{\"chargers\": [{\"id\": \"ch_a\", \"name\": \"A\", \"lat\": 0, \"lng\": 0},"
                + " {\"id\": \"ch_b\", \"name\": \"B\", \"lat\": 0}]}");
        assertThatThrownBy(() -> loader.seedIfEmpty()).isInstanceOf(SeedFileException.class)
                .hasMessageContaining("chargers[1].lng must be a number");
        assertThat(store.isEmpty()).isTrue();
    }

    @Test
    void nearbyIsNearestFirstWithinTheRadiusWithWholeMetres() throws Exception {
        loader.seedIfEmpty();
        assertThat(catalog.nearby(37.0, -122.0, 1_000, 50)).extracting(n -> n.merchant().id(), Catalog.Nearby::distanceMeters)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("m_near", 56L),
                        org.assertj.core.groups.Tuple.tuple("m_far", 445L));
        assertThat(catalog.nearby(37.0, -122.0, 100, 50)).extracting(n -> n.merchant().id()).containsExactly("m_near");
        assertThat(catalog.nearby(37.0, -122.0, 200_000, 1)).extracting(n -> n.merchant().id())
                .containsExactly("m_near");
        assertThat(catalog.nearby(-37.0, 122.0, 50_000, 50)).isEmpty();
    }

    @Test
    void theMerchantCatalogServiceGivesChargersNamesAndResolvedPhotoUrls() throws Exception {
        loader.seedIfEmpty();
        assertThat(catalog.findMerchant("m_near")).contains(new MerchantSummary("m_near", "ch_a", "Near",
                "/media/merchants/m_near.jpg"));
        assertThat(catalog.findMerchant("m_other")).contains(new MerchantSummary("m_other", "ch_b", "Other",
                "https://127.0.0.1/x.jpg"));
        assertThat(catalog.findCharger("ch_b")).contains(new ChargerLocation("ch_b", "B", 38.0, -122.0));
        assertThat(catalog.findCharger("ch_nope")).isEmpty();
        assertThat(catalog.findCharger("../ch_a")).isEmpty();
        assertThat(catalog.findMerchant("m_far").orElseThrow().photoUrl()).isNull();
        assertThat(catalog.findMerchant("m_nope")).isEmpty();
        assertThat(catalog.findMerchant("../etc/passwd")).isEmpty();
        assertThat(catalog.findMerchant(null)).isEmpty();
    }

    @Test
    void aLoadOnAnotherNodeShowsUpHereAfterTheRefreshTime() throws Exception {
        loader.seedIfEmpty();
        assertThat(catalog.merchant("m_near").orElseThrow().offer()).isEqualTo("Free cookie");

        // Another node: its own catalog copy and loader over the same database.
        CurrentSettings otherSettings = MerchantsConfigs.settings(Map.of());
        Catalog otherCatalog = new Catalog(store, otherSettings, clock);
        Path update = dir.resolve("other-node.json");
        Files.writeString(update, TWO_CHARGERS.replace("Free cookie", "Two cookies"));
        new CatalogLoader(store, otherCatalog, otherSettings, clock).load(update);

        clock.advance(Duration.ofSeconds(59));
        assertThat(catalog.merchant("m_near").orElseThrow().offer()).as("still this node's copy").isEqualTo("Free cookie");
        clock.advance(Duration.ofSeconds(1));
        assertThat(catalog.merchant("m_near").orElseThrow().offer()).isEqualTo("Two cookies");
    }

    @Test
    void searchesAndLookupsReadWithoutTheUnitsTransaction() throws Exception {
        loader.seedIfEmpty();
        // The unit is only for loads and version checks: a search or a lookup is one statement in auto-commit, whose
        // transaction would cost a search that misses the cache more than its query (docs/performance.md).
        CatalogStore reads = new CatalogStore(TestDatabase.unusableUnit(), database.dataSource());

        assertThat(reads.merchantsIn(CatalogGrid.covering(37.0, -122.0, 1_000))).extracting(Merchant::id)
                .containsExactlyInAnyOrder("m_near", "m_far");
        assertThat(reads.merchant("m_other")).map(Merchant::name).contains("Other");
        assertThat(reads.merchant("m_nope")).isEmpty();
        assertThat(reads.charger("ch_b")).map(Charger::name).contains("B");
        assertThat(reads.charger("ch_nope")).isEmpty();
    }
}
