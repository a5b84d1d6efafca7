package org.nerava.exclusives.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature's configuration as every component of the bundle reads it: one place that checks it, logs what was
 * refused and follows changes without restarting anything (a changed radius applies to the next activation).
 */
@Component(service = CurrentSettings.class, configurationPid = ExclusivesConfig.PID)
public class CurrentSettings {

    private static final Logger LOG = LoggerFactory.getLogger(CurrentSettings.class);

    private volatile ExclusivesSettings settings;

    @Activate
    public CurrentSettings(ExclusivesConfig config) {
        apply(config);
    }

    /** For tests: fixed settings. */
    public CurrentSettings(ExclusivesSettings settings) {
        this.settings = settings;
    }

    @Modified
    void apply(ExclusivesConfig config) {
        ExclusivesSettings next = ExclusivesSettings.from(config);
        next.warnings().forEach(warning -> LOG.warn("{}: {}", ExclusivesConfig.PID, warning));
        settings = next;
    }

    public ExclusivesSettings get() {
        return settings;
    }
}
