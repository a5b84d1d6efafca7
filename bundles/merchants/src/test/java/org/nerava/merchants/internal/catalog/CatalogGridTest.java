package org.nerava.merchants.internal.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nerava.merchants.GreatCircle;
import org.nerava.merchants.internal.catalog.CatalogGrid.CellRange;

class CatalogGridTest {

    @Test
    void cellsAreSixteenthsOfADegreeNumberedByRowAndColumn() {
        assertThat(CatalogGrid.cell(-90, -180)).isZero();
        assertThat(CatalogGrid.cell(0, 0)).isEqualTo(1440 * 10_000L + 2880);
        assertThat(CatalogGrid.cell(37.0624, -122.0)).isEqualTo(2032 * 10_000L + 928);
        assertThat(CatalogGrid.cell(90, 180)).isEqualTo(2880 * 10_000L + 5760);
    }

    @Test
    void theCoveringCellsHoldEveryPointWithinTheRadius() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            double lat = random.nextDouble() * 180 - 90;
            double lng = random.nextDouble() * 360 - 180;
            double radius = 1 + random.nextDouble() * 50_000;
            List<CellRange> ranges = CatalogGrid.covering(lat, lng, radius);
            // A point at the edge of the circle, in a random direction.
            double bearing = random.nextDouble() * 2 * Math.PI;
            double angle = radius * random.nextDouble() / GreatCircle.EARTH_RADIUS_METERS;
            double phi = Math.toRadians(lat);
            double phi2 = Math.asin(Math.sin(phi) * Math.cos(angle) + Math.cos(phi) * Math.sin(angle) * Math.cos(bearing));
            double lambda2 = Math.toRadians(lng) + Math.atan2(Math.sin(bearing) * Math.sin(angle) * Math.cos(phi),
                    Math.cos(angle) - Math.sin(phi) * Math.sin(phi2));
            double lat2 = Math.toDegrees(phi2);
            double lng2 = ((Math.toDegrees(lambda2) + 540) % 360) - 180;
            long cell = CatalogGrid.cell(lat2, lng2);
            assertThat(ranges).as("%s,%s r=%s: %s,%s", lat, lng, radius, lat2, lng2)
                    .anyMatch(r -> r.from() <= cell && cell <= r.to());
        }
    }

    @Test
    void aSearchOfFiveKilometresReadsAFewCellsAndOneAcrossTheAntimeridianWrapsAround() {
        List<CellRange> ranges = CatalogGrid.covering(40.0, -100.0, 5_000);
        assertThat(ranges.stream().mapToLong(CellRange::size).sum()).isLessThanOrEqualTo(12);
        List<CellRange> wrapped = CatalogGrid.covering(0, 179.99, 5_000);
        assertThat(wrapped).anyMatch(r -> r.from() % 10_000 == 0).anyMatch(r -> r.to() % 10_000 == 5760);
    }
}
