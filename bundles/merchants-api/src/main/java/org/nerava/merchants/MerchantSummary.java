package org.nerava.merchants;

/**
 * What other features use of a merchant.
 *
 * @param id the merchant id
 * @param chargerId the charger whose drivers the merchant's exclusive offer is for
 * @param name display name
 * @param photoUrl absolute URL of the merchant's photo, or null
 */
public record MerchantSummary(String id, String chargerId, String name, String photoUrl) {
}
