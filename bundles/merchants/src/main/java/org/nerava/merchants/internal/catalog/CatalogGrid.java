package org.nerava.merchants.internal.catalog;

import java.util.ArrayList;
import java.util.List;

import org.nerava.merchants.GreatCircle;

/**
 * The grid the catalog is indexed by: cells of 1/{@value #CELLS_PER_DEGREE} degree of latitude by as much longitude
 * (about 7 km by 5 km in the United States), numbered {@code row * }{@value #ROW_STRIDE}{@code  + column}. The SQL of
 * migration V2 computes the same numbers; scaling by a power of two is exact, so Java and the database never disagree
 * on the cell of a point.
 */
public final class CatalogGrid {

    static final int CELLS_PER_DEGREE = 16;
    static final long ROW_STRIDE = 10_000;
    static final int LAST_ROW = 180 * CELLS_PER_DEGREE;
    static final int LAST_COLUMN = 360 * CELLS_PER_DEGREE;

    /** Cells {@code from..to} (inclusive) of one row. */
    public record CellRange(long from, long to) {
        public long size() {
            return to - from + 1;
        }
    }

    private CatalogGrid() {
    }

    public static long cell(double lat, double lng) {
        return row(lat) * ROW_STRIDE + column(lng);
    }

    static long row(double lat) {
        return (long) Math.floor((lat + 90) * CELLS_PER_DEGREE);
    }

    static long column(double lng) {
        return (long) Math.floor((lng + 180) * CELLS_PER_DEGREE);
    }

    /**
     * The cells that together hold every point within {@code radiusMeters} of the point (a metre more, so that a
     * distance rounded to whole metres never falls outside): the bounding box of the spherical cap, split at the
     * antimeridian, whole rows of longitude near a pole. One range per row.
     */
    public static List<CellRange> covering(double lat, double lng, double radiusMeters) {
        double angle = (radiusMeters + 1) / GreatCircle.EARTH_RADIUS_METERS;
        double dLat = Math.toDegrees(angle);
        double south = lat - dLat;
        double north = lat + dLat;
        boolean allLongitudes = south <= -90 || north >= 90 || angle >= Math.PI / 2;
        double dLng = allLongitudes ? 180 : Math.toDegrees(Math.asin(Math.min(1, Math.sin(angle)
                / Math.cos(Math.toRadians(lat)))));
        // A hair wider than the exact box: the cap's edge must never be lost to a rounding of the sine.
        dLng = dLng * (1 + 1e-9) + 1e-9;
        List<long[]> columns = new ArrayList<>(2);
        if (allLongitudes || dLng >= 180) {
            columns.add(new long[] {0, LAST_COLUMN});
        } else {
            double west = lng - dLng;
            double east = lng + dLng;
            if (west < -180) {
                columns.add(new long[] {column(west + 360), LAST_COLUMN});
                columns.add(new long[] {0, column(east)});
            } else if (east > 180) {
                columns.add(new long[] {column(west), LAST_COLUMN});
                columns.add(new long[] {0, column(east - 360)});
            } else {
                columns.add(new long[] {column(west), column(east)});
            }
        }
        long firstRow = row(Math.max(-90, south));
        long lastRow = row(Math.min(90, north));
        List<CellRange> ranges = new ArrayList<>();
        for (long row = firstRow; row <= lastRow; row++) {
            for (long[] span : columns) {
                ranges.add(new CellRange(row * ROW_STRIDE + span[0], row * ROW_STRIDE + span[1]));
            }
        }
        return ranges;
    }
}
