package org.nerava.exclusives.internal;

import java.util.Map;

import org.nerava.platform.config.ConfigCheck;
import org.nerava.platform.config.ConfigurationStatus;
import org.nerava.platform.config.DelegatedConfigurationStatus;
import org.nerava.platform.config.LastGoodSettings;
import org.nerava.platform.config.SettingsLog;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature's configuration as every component of the bundle reads it: one place that checks it and follows changes
 * without restarting anything (a changed radius applies to the next activation). It never fails to activate: an
 * update with a refused value is refused whole (a WARN naming PID, key, value and range; {@code /readyz} check
 * {@code configuration}) and the last good values keep serving; a bad file at boot comes up on the defaults of the
 * refused keys.
 *
 * <p>It registers its services itself rather than as a DS service: DS would publish every configuration property as
 * a service property, the demo endpoint's {@code internalSecret} included, for anyone who lists services (shell, JMX)
 * to read.
 */
// service = {}: DS registers nothing for it (see above); immediate, so it starts with its bundle. Registered by hand,
// so say so for the resolver (the bundle's own components require the service).
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"org.nerava.exclusives.internal.CurrentSettings\"")
@Component(service = {}, configurationPid = ExclusivesConfig.PID)
public class CurrentSettings implements DelegatedConfigurationStatus {

    private static final Logger LOG = LoggerFactory.getLogger(CurrentSettings.class);

    private final LastGoodSettings<ExclusivesSettings> settings = new LastGoodSettings<>(ExclusivesConfig.PID);
    private final SettingsLog log = new SettingsLog(ExclusivesConfig.PID, "exclusives keep", LOG::info, LOG::warn);
    /** Null in a test instance, which DS never deactivates. */
    private final ServiceRegistration<?> registration;

    @Activate
    public CurrentSettings(BundleContext context, Map<String, Object> properties) {
        modified(properties);
        registration = context.registerService(
                new String[] {CurrentSettings.class.getName(), ConfigurationStatus.class.getName()}, this, null);
    }

    /** For tests: settings from configuration properties, registered as no service. */
    CurrentSettings(Map<String, ?> properties) {
        modified(properties);
        registration = null;
    }

    /** For tests: fixed settings. Not public, so Felix SCR has exactly one constructor to choose. */
    CurrentSettings(ExclusivesSettings fixed) {
        settings.install(fixed);
        registration = null;
    }

    @Modified
    synchronized void modified(Map<String, ?> properties) {
        LastGoodSettings.Update update = settings.update(check(properties), ExclusivesSettings::from);
        if (update.applied()) {
            log.warnings(settings.get().warnings());
        }
        log.updated(update);
    }

    /**
     * Called by DS only, once per activation: when the component goes away (its bundle stopping, the component
     * disabled or unsatisfied). DS drops only what it registered itself, so the hand-made registration is undone here.
     */
    @Deactivate
    void deactivate() {
        registration.unregister();
    }

    /** The ranges the metatype of {@link ExclusivesConfig} declares. */
    static ConfigCheck<ExclusivesConfig> check(Map<String, ?> properties) {
        return ConfigCheck.of(ExclusivesConfig.PID, ExclusivesConfig.class, properties)
                .within("activationRadiusMeters", 1, 5000)
                .within("sessionMinutes", 1, 1440);
    }

    public ExclusivesSettings get() {
        return settings.get();
    }

    @Override
    public ConfigurationStatus configurationStatus() {
        return settings;
    }
}
