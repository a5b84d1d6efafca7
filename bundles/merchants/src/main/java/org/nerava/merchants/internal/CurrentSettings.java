package org.nerava.merchants.internal;

import java.util.Map;

import org.nerava.platform.config.ConfigCheck;
import org.nerava.platform.config.ConfigurationStatus;
import org.nerava.platform.config.DelegatedConfigurationStatus;
import org.nerava.platform.config.LastGoodSettings;
import org.nerava.platform.config.SettingsLog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature's configuration as every component of the bundle reads it: one place that checks it and follows changes
 * without restarting anything (a changed photo base applies to the next answer, a changed cache size to the next
 * search). It never fails to activate: an update with a refused value is refused whole (a WARN naming PID, key, value
 * and what is allowed; {@code /readyz} check {@code configuration}) and the last good values keep serving; a bad file
 * at boot comes up on the defaults of the refused keys.
 */
@Component(service = {CurrentSettings.class, ConfigurationStatus.class}, configurationPid = MerchantsConfig.PID)
public class CurrentSettings implements DelegatedConfigurationStatus {

    private static final Logger LOG = LoggerFactory.getLogger(CurrentSettings.class);

    private final LastGoodSettings<MerchantsSettings> settings = new LastGoodSettings<>(MerchantsConfig.PID);
    private final SettingsLog log = new SettingsLog(MerchantsConfig.PID, "merchants keep", LOG::info, LOG::warn);

    @Activate
    public CurrentSettings(Map<String, Object> properties) {
        modified(properties);
    }

    /** For tests: fixed settings. Not public, so Felix SCR has exactly one constructor to choose. */
    CurrentSettings(MerchantsSettings fixed) {
        settings.install(fixed);
    }

    @Modified
    synchronized void modified(Map<String, ?> properties) {
        LastGoodSettings.Update update = settings.update(check(properties), MerchantsSettings::from);
        if (update.applied()) {
            log.warnings(settings.get().warnings());
        }
        log.updated(update);
    }

    /** The ranges the metatype of {@link MerchantsConfig} declares, and the photo base's form. */
    static ConfigCheck<MerchantsConfig> check(Map<String, ?> properties) {
        ConfigCheck<MerchantsConfig> check = ConfigCheck.of(MerchantsConfig.PID, MerchantsConfig.class, properties)
                .within("catalogRefreshSeconds", 1, MerchantsSettings.MAX_REFRESH_SECONDS)
                .within("catalogCacheMerchants", MerchantsSettings.MIN_CACHE_MERCHANTS,
                        MerchantsSettings.MAX_CACHE_MERCHANTS);
        if (!MerchantsSettings.isPhotoBase(check.values().photoBaseUrl())) {
            check.refuse("photoBaseUrl", "an http(s) URL, a path starting with /, or empty");
        }
        return check;
    }

    public MerchantsSettings get() {
        return settings.get();
    }

    @Override
    public ConfigurationStatus configurationStatus() {
        return settings;
    }
}
