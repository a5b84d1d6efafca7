package org.nerava.platform.fleet;

import java.time.Instant;

/**
 * A setting changed at run time for every node sharing the database.
 *
 * @param version raised by one at each change: nodes apply a change when they see a new version
 * @param updatedBy who changed it ({@code admin:<user>}, {@code shell:<user>})
 */
public record FleetSetting(String name, String value, long version, String updatedBy, Instant updatedAt) {
}
