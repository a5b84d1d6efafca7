package org.nerava.platform.config;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A settings component registered as its bundle's {@link ConfigurationStatus} that answers with what its
 * {@link LastGoodSettings} says: the one place that knows what the last update did. It names that place; the
 * status follows.
 */
@ConsumerType
public interface DelegatedConfigurationStatus extends ConfigurationStatus {

    /** Where the status is kept: the component's {@link LastGoodSettings}. */
    ConfigurationStatus configurationStatus();

    @Override
    default String pid() {
        return configurationStatus().pid();
    }

    @Override
    default List<ConfigProblem> refused() {
        return configurationStatus().refused();
    }

    @Override
    default String serving() {
        return configurationStatus().serving();
    }

    @Override
    default Instant refusedAt() {
        return configurationStatus().refusedAt();
    }
}
