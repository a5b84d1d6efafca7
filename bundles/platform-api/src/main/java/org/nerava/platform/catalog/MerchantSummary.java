package org.nerava.platform.catalog;

/**
 * What other features show of a merchant.
 *
 * @param id the merchant id
 * @param name display name
 * @param photoUrl absolute URL of the merchant's photo, or null
 */
public record MerchantSummary(String id, String name, String photoUrl) {
}
