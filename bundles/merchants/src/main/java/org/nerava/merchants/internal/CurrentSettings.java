package org.nerava.merchants.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature's configuration as every component of the bundle reads it: one place that checks it, logs what was
 * refused and follows changes without restarting anything (a changed photo base applies to the next answer).
 */
@Component(service = CurrentSettings.class, configurationPid = MerchantsConfig.PID)
public class CurrentSettings {

    private static final Logger LOG = LoggerFactory.getLogger(CurrentSettings.class);

    private volatile MerchantsSettings settings;

    @Activate
    public CurrentSettings(MerchantsConfig config) {
        apply(config);
    }

    /** For tests: fixed settings. */
    public CurrentSettings(MerchantsSettings settings) {
        this.settings = settings;
    }

    @Modified
    void apply(MerchantsConfig config) {
        MerchantsSettings next = MerchantsSettings.from(config);
        next.warnings().forEach(warning -> LOG.warn("{}: {}", MerchantsConfig.PID, warning));
        settings = next;
    }

    public MerchantsSettings get() {
        return settings;
    }
}
