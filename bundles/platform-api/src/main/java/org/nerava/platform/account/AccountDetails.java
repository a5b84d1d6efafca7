package org.nerava.platform.account;

import java.util.Map;

import org.nerava.platform.auth.DriverPrincipal;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A feature's fields in the driver's account view. Register as a service; the account endpoint merges the fields of
 * every one bound, so a feature's fields appear while it is installed and vanish when it is removed (favorites adds
 * {@code favorites_count}). Keep it fast (a local query): it runs on the request. A failing one is left out of the
 * answer and logged, never failing the request.
 */
@ConsumerType
public interface AccountDetails {

    /** @return snake_case field names to JSON-friendly values (strings, numbers, booleans, lists, maps) */
    Map<String, Object> fieldsFor(DriverPrincipal driver);
}
