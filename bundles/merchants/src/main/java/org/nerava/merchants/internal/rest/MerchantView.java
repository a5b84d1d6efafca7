package org.nerava.merchants.internal.rest;

import org.nerava.merchants.internal.catalog.Catalog;
import org.nerava.merchants.internal.catalog.Merchant;

/**
 * A merchant on the wire.
 *
 * @param distanceM metres from the point searched around; only in search results
 */
public record MerchantView(String id, String name, String category, String photoUrl, double lat, double lng,
        String chargerId, String offer, Long distanceM) {

    static MerchantView of(Merchant merchant, Catalog catalog, Long distanceMeters) {
        return new MerchantView(merchant.id(), merchant.name(), merchant.category(), catalog.photoUrl(merchant),
                merchant.lat(), merchant.lng(), merchant.chargerId(), merchant.offer(), distanceMeters);
    }
}
