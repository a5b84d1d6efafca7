package org.nerava.merchants.internal.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.nerava.merchants.GreatCircle;
import org.nerava.merchants.internal.MerchantsConfigs;
import org.nerava.testing.TestDatabase;

/**
 * The indexed search against the obvious one, a scan of every merchant, on a random catalog of 10,000, over H2 and
 * PostgreSQL.
 */
@ParameterizedClass(name = "on {0}")
@ArgumentsSource(TestDatabase.Engines.class)
class CatalogSearchTest {

    @Parameter
    TestDatabase.Engine engine;

    private final Random random = new Random(20261205);
    private final List<Merchant> all = new ArrayList<>();
    private TestDatabase database;
    private CatalogStore store;
    private Catalog catalog;

    @BeforeEach
    void setUp() throws Exception {
        database = TestDatabase.on(engine, CatalogStore.UNIT);
        store = new CatalogStore(database.jpa(), database.dataSource());
        // A cache of 2,000 merchants, a fifth of the catalog: searches mix cached cells, read ones and evictions.
        catalog = new Catalog(store, MerchantsConfigs.settings(Map.of("catalogCacheMerchants", 2_000)));
        List<Charger> chargers = new ArrayList<>();
        for (int c = 0; c < 1_000; c++) {
            double lat = 25 + random.nextDouble() * 24;
            double lng = -124 + random.nextDouble() * 57;
            if (c % 100 == 0) { // some on the antimeridian and near the poles, where the grid wraps and narrows
                lat = c % 200 == 0 ? 89.97 : -52 + random.nextDouble();
                lng = c % 200 == 0 ? random.nextDouble() * 360 - 180 : 179.99 + random.nextDouble() * 0.01;
            }
            chargers.add(new Charger("ch_" + c, "Charger " + c, null, lat, lng));
            for (int m = 0; m < 10; m++) {
                double mLat = Math.max(-90, Math.min(90, lat + (random.nextDouble() - 0.5) * 0.02));
                double mLng = lng + (random.nextDouble() - 0.5) * 0.02;
                mLng = mLng > 180 ? mLng - 360 : mLng;
                all.add(new Merchant("m_" + c + "_" + m, "ch_" + c, "Merchant " + m, "coffee", null, mLat, mLng,
                        "offer"));
            }
        }
        store.load(sink -> {
            for (int c = 0; c < chargers.size(); c++) {
                sink.accept(chargers.get(c), all.subList(c * 10, c * 10 + 10));
            }
        }, 1L);
    }

    @AfterEach
    void tearDown() throws Exception {
        database.close();
    }

    @Test
    void theIndexedSearchAnswersAsAScanOfEveryMerchantDoes() {
        assertThat(catalog.merchantCount()).isEqualTo(10_000);
        for (int i = 0; i < 400; i++) {
            Merchant near = all.get(random.nextInt(all.size()));
            double lat = i % 4 == 0 ? 25 + random.nextDouble() * 24 : near.lat() + (random.nextDouble() - 0.5) * 0.01;
            double lng = i % 4 == 0 ? -124 + random.nextDouble() * 57 : near.lng() + (random.nextDouble() - 0.5) * 0.01;
            lat = Math.max(-90, Math.min(90, lat));
            lng = lng > 180 ? lng - 360 : lng < -180 ? lng + 360 : lng;
            double radius = new double[] {1, 150, 500, 1_000, 5_000, 20_000, 50_000}[random.nextInt(7)];
            int limit = 1 + random.nextInt(200);
            assertThat(catalog.nearby(lat, lng, radius, limit)).as("%s,%s within %s, %s", lat, lng, radius, limit)
                    .isEqualTo(scan(lat, lng, radius, limit));
        }
        Catalog.Status status = catalog.status();
        assertThat(status.cellHits()).as("repeated neighbourhoods come from the cache").isPositive();
        assertThat(status.cachedMerchants()).isLessThanOrEqualTo(2_000);
    }

    @Test
    void pagesOfADenseNeighbourhoodFollowEachOtherAsTheScanOrdersThem() {
        // The chargers near the north pole: fifty merchants within a few kilometres of each other.
        Merchant centre = new Merchant("centre", "none", "", "", null, 89.97, 0, "");
        List<Catalog.Nearby> everything = scan(centre.lat(), centre.lng(), 50_000, Integer.MAX_VALUE);
        assertThat(everything).hasSizeGreaterThanOrEqualTo(50);
        List<Catalog.Nearby> paged = new ArrayList<>();
        int offset = 0;
        Catalog.NearbyPage page;
        do {
            page = catalog.nearby(centre.lat(), centre.lng(), 50_000, offset, 7);
            paged.addAll(page.merchants());
            offset += page.merchants().size();
        } while (page.more());
        assertThat(paged).isEqualTo(everything);
        assertThat(catalog.nearby(centre.lat(), centre.lng(), 50_000, everything.size(), 7))
                .isEqualTo(new Catalog.NearbyPage(List.of(), false));
    }

    @Test
    void searchesAcrossTheAntimeridianAndAroundAPoleFindWhatAScanFinds() {
        double[][] points = {{-51.5, 180}, {-51.5, -180}, {-51.5, 179.995}, {-51.5, -179.999}, {90, 0},
                {89.99, 45}, {-90, 0}, {0, 0}};
        for (double[] p : points) {
            for (double radius : new double[] {1_000, 50_000}) {
                assertThat(catalog.nearby(p[0], p[1], radius, 200)).as("%s,%s within %s", p[0], p[1], radius)
                        .isEqualTo(scan(p[0], p[1], radius, 200));
            }
        }
    }

    /** Today's rules, on every merchant: whole metres, within the radius, nearest first, ties by id, the limit. */
    private List<Catalog.Nearby> scan(double lat, double lng, double radius, int limit) {
        return all.stream()
                .map(m -> new Catalog.Nearby(m, Math.round(GreatCircle.distanceMeters(lat, lng, m.lat(), m.lng()))))
                .filter(n -> n.distanceMeters() <= radius)
                .sorted(Comparator.comparingLong(Catalog.Nearby::distanceMeters).thenComparing(n -> n.merchant().id()))
                .limit(limit)
                .toList();
    }
}
