package org.nerava.platform.config;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a bundle's settings component did with the last update of its PID, registered as a service so that
 * {@code /readyz} (check {@code configuration}) reports every PID with refused values.
 */
@ConsumerType
public interface ConfigurationStatus {

    /** The PID, e.g. {@code org.nerava.auth}. */
    String pid();

    /** The values of the last update that were refused; empty when it was applied whole. */
    List<ConfigProblem> refused();

    /**
     * What serves meanwhile, for operators: e.g. "the last good values (applied 2026-12-05T11:02:13Z)" or "the defaults
     * of the refused keys". Null when nothing was refused.
     */
    String serving();

    /** When the last update was refused; null when nothing was refused. */
    Instant refusedAt();
}
