package org.nerava.rest.internal.runtime;

import java.util.List;

/**
 * What the REST runtime serves now: the one source the OpenAPI document reads. Registered by the runtime itself once
 * it tracks the whiteboard, not as a DS service of it: the OpenAPI resource that needs it is one of the resources the
 * runtime gets while it activates, and SCR would see a circle.
 */
public interface ServedApplication {

    /** The application's number (0 for none) and its resource objects. */
    record Served(int generation, List<Object> resources) {
    }

    Served served();
}
