package org.nerava.rest.internal.runtime;

import java.util.List;

/**
 * What the REST runtime serves now: the one source the OpenAPI document reads. Registered by the runtime itself once
 * it tracks the whiteboard, not as a DS service of it, and looked up by the OpenAPI resource rather than referenced:
 * that resource is one of those the runtime gets while it activates, and SCR sees a circle either way.
 */
public interface ServedApplication {

    /** The application's number (0 for none) and its resource objects. */
    record Served(int generation, List<Object> resources) {
    }

    Served served();
}
