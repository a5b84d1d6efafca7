package org.nerava.platform.fleet;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What admins change at run time for the whole fleet (the active OTP provider, for one), kept in the shared database
 * so every node applies the same value; a node's {@code etc/} configuration is the default until someone changes it
 * here. Reads go to the database: callers poll them (a few seconds apart), they do not sit on request paths.
 * Provided by the platform.
 */
@ProviderType
public interface FleetSettings {

    /** The setting as last changed, or empty when nobody has: then each node's {@code etc/} default holds. */
    Optional<FleetSetting> get(String name);

    /** Changes it for every node: a new version, who, when. */
    FleetSetting set(String name, String value, String actor);

    /** Removes it: every node goes back to its {@code etc/} default. True when there was one. */
    boolean clear(String name);
}
