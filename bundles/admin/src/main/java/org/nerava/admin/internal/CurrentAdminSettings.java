package org.nerava.admin.internal;

import static org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;
import static org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.nerava.admin.internal.guard.GuessingPolicy;
import org.nerava.platform.audit.AuditTrail;
import org.nerava.platform.config.ConfigCheck;
import org.nerava.platform.config.ConfigurationStatus;
import org.nerava.platform.config.DelegatedConfigurationStatus;
import org.nerava.platform.config.LastGoodSettings;
import org.nerava.platform.config.RefusalAudit;
import org.nerava.platform.config.SettingsLog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PID {@code org.nerava.admin} as the admin sign-in guard, the admin sessions and the OTP providers resource read it:
 * checked as a whole, followed without restarting them (they take {@link #get()} per call). It never fails to activate,
 * so a bad file never turns the admin API into a 404: an update with a refused value is refused whole, loudly (a WARN
 * naming PID, key, value and range, an audit entry {@code config.refused}, {@code /readyz} check
 * {@code configuration}), and the last good values keep serving; a bad file at boot comes up on the defaults of the
 * refused keys.
 */
@Component(service = {CurrentAdminSettings.class, ConfigurationStatus.class}, configurationPid = AdminConfig.PID)
@Designate(ocd = AdminConfig.class)
public class CurrentAdminSettings implements DelegatedConfigurationStatus {

    private static final Logger LOG = LoggerFactory.getLogger(CurrentAdminSettings.class);

    /**
     * The settings in force.
     *
     * @param config every value checked: its accessors never throw
     */
    public record Applied(AdminConfig config, GuessingPolicy policy, Set<String> trustedProxies) {
        static Applied from(AdminConfig config) {
            Set<String> proxies = new LinkedHashSet<>();
            for (String proxy : config.trustedProxies()) {
                if (proxy != null && !proxy.isBlank()) {
                    proxies.add(proxy.strip());
                }
            }
            return new Applied(config, GuessingPolicy.from(config), Set.copyOf(proxies));
        }
    }

    private final LastGoodSettings<Applied> settings = new LastGoodSettings<>(AdminConfig.PID);
    private final SettingsLog log = new SettingsLog(AdminConfig.PID, "the admin API keeps", LOG::info, LOG::warn);
    private final RefusalAudit audit = new RefusalAudit(AdminConfig.PID, log::notAudited);

    @Activate
    public CurrentAdminSettings(Map<String, Object> properties) {
        modified(properties);
    }

    /** One public constructor only, so Felix SCR has exactly one to choose. */
    private CurrentAdminSettings() {
    }

    /** For tests: settings from a configuration annotation, as given. */
    public static CurrentAdminSettings fixed(AdminConfig config) {
        CurrentAdminSettings current = new CurrentAdminSettings();
        current.settings.install(Applied.from(config));
        return current;
    }

    @Modified
    synchronized void modified(Map<String, ?> properties) {
        LastGoodSettings.Update update = settings.update(check(properties), Applied::from);
        if (update.applied()) {
            log.warnings(settings.get().policy().warnings());
        }
        log.updated(update);
        audit.refused(update);
    }

    /** The ranges the metatype of {@link AdminConfig} declares. */
    static ConfigCheck<AdminConfig> check(Map<String, ?> properties) {
        return ConfigCheck.of(AdminConfig.PID, AdminConfig.class, properties)
                .within("otpDiagnoseTimeoutMs", 100, 60_000)
                .within("failuresBeforeLock", 1, 100)
                .within("lockBaseSeconds", 1, 3_600)
                .within("lockMaxSeconds", 1, 86_400)
                .within("failureWindowSeconds", 1, 604_800)
                .within("sessionIdleMinutes", 1, 1_440)
                .within("sessionMaxHours", 1, 168);
    }

    public Applied get() {
        return settings.get();
    }

    @Override
    public ConfigurationStatus configurationStatus() {
        return settings;
    }

    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    void bindAudit(AuditTrail trail) {
        audit.bind(trail);
    }

    void unbindAudit(AuditTrail trail) {
        audit.unbind(trail);
    }
}
