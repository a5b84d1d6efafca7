package org.nerava.merchants.internal.catalog;

/**
 * A merchant as the catalog holds it.
 *
 * @param photoUrl as stored: absolute, or relative to the configured {@code photoBaseUrl}; may be null
 */
public record Merchant(String id, String chargerId, String name, String category, String photoUrl, double lat,
        double lng, String offer) {
}
