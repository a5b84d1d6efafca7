package org.nerava.merchants.internal.catalog;

/** A charging site as the catalog holds it. */
public record Charger(String id, String name, String address, double lat, double lng) {
}
