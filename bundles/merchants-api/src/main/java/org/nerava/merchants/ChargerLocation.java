package org.nerava.merchants;

/**
 * Where a charging site is.
 *
 * @param id the charger id
 * @param name display name
 * @param lat latitude, decimal degrees
 * @param lng longitude, decimal degrees
 */
public record ChargerLocation(String id, String name, double lat, double lng) {
}
