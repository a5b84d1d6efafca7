package org.nerava.merchants.internal.catalog;

import org.nerava.merchants.MerchantCatalog;

/**
 * The shape of charger and merchant ids, the platform's merchant id shape ({@link MerchantCatalog#MERCHANT_ID}: 1
 * to 64 of {@code A-Z a-z 0-9 _ -}; the shipped catalog uses readable ids such as {@code m_tidewater_coffee}). An id of
 * any other shape cannot exist, so a request naming one is answered like any unknown id. Also the coordinate ranges.
 */
public final class CatalogIds {

    private CatalogIds() {
    }

    public static boolean isWellFormed(String id) {
        return MerchantCatalog.isWellFormedId(id);
    }

    public static boolean isLatitude(double lat) {
        return lat >= -90 && lat <= 90;
    }

    public static boolean isLongitude(double lng) {
        return lng >= -180 && lng <= 180;
    }
}
