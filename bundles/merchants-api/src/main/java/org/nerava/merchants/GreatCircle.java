package org.nerava.merchants;

/**
 * Distances on the Earth's surface, by the haversine formula on a sphere of the Earth's mean radius: the catalog's
 * nearby search and the features that check "within so many metres" of a catalog place measure alike.
 */
public final class GreatCircle {

    /** IUGG mean Earth radius; the spherical model is off by at most about 0.5 % anywhere. */
    public static final double EARTH_RADIUS_METERS = 6_371_008.8;

    private GreatCircle() {
    }

    /** Metres between two points given in decimal degrees. */
    public static double distanceMeters(double lat1, double lng1, double lat2, double lng2) {
        double phi1 = Math.toRadians(lat1);
        double phi2 = Math.toRadians(lat2);
        double dPhi = Math.toRadians(lat2 - lat1);
        double dLambda = Math.toRadians(lng2 - lng1);
        double h = Math.sin(dPhi / 2) * Math.sin(dPhi / 2)
                + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
