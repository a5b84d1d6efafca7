package org.nerava.auth.internal.settings;

import static org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;
import static org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY;

import java.util.Map;

import org.nerava.auth.internal.phone.PhoneNumbers;
import org.nerava.auth.internal.pumping.PumpingSettings;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PID {@code org.nerava.auth} as every component of the bundle reads it: parsed and checked once, and a change followed
 * without restarting sign-in or the providers (readers take {@link #get()} per call, so a new chain, deadline or limit
 * applies to the next one). It never fails to activate, whatever the file says: an update with a refused value (not a
 * number, out of range, an unknown region) is refused as a whole, loudly (a WARN naming PID, key, value and range, an
 * audit entry, {@code /readyz} check {@code configuration}), and the last good values keep serving; a bad file at boot
 * brings sign-in up on the defaults of the refused keys. Fixing the file applies at once.
 */
@Component(service = {CurrentAuthSettings.class, ConfigurationStatus.class},
        configurationPid = {"org.nerava.platform", AuthConfig.PID})
public class CurrentAuthSettings implements DelegatedConfigurationStatus {

    private static final Logger LOG = LoggerFactory.getLogger(CurrentAuthSettings.class);

    /** Sign-in's settings and the SMS-pumping guard's, from the same PID: applied or refused together. */
    private record Applied(AuthSettings auth, PumpingSettings pumping) {
        static Applied from(AuthConfig config) {
            AuthSettings auth = AuthSettings.from(config);
            return new Applied(auth, PumpingSettings.from(config, auth.phones().defaultRegion()));
        }
    }

    private final LastGoodSettings<Applied> settings = new LastGoodSettings<>(AuthConfig.PID);
    private final SettingsLog log = new SettingsLog(AuthConfig.PID, "sign-in keeps", LOG::info, LOG::warn);
    private final RefusalAudit audit = new RefusalAudit(AuthConfig.PID, log::notAudited);

    @Activate
    public CurrentAuthSettings(Map<String, Object> properties) {
        modified(properties);
    }

    /**
     * The only public constructor takes a {@code Map}: with a second one taking {@link AuthConfig} (an activation
     * object too), Felix SCR may pick either, and the annotation's accessor throws on {@code codeLength = six}.
     */
    private CurrentAuthSettings() {
    }

    /** For tests: settings built from a configuration annotation, replaced with {@link #apply(AuthConfig)}. */
    public static CurrentAuthSettings of(AuthConfig config) {
        CurrentAuthSettings current = new CurrentAuthSettings();
        current.apply(config);
        return current;
    }

    /** For tests: fixed settings, replaced with {@link #apply(AuthConfig)}. */
    public static CurrentAuthSettings fixed(AuthSettings fixed) {
        CurrentAuthSettings current = new CurrentAuthSettings();
        current.settings.install(new Applied(fixed, PumpingSettings.defaults(fixed.phones().defaultRegion())));
        return current;
    }

    /** Checks the PID's properties as a whole; applies them when every value is good. */
    @Modified
    public synchronized void modified(Map<String, ?> properties) {
        Applied previous = settings.get();
        LastGoodSettings.Update update = settings.update(check(properties), Applied::from);
        if (update.applied()) {
            applied(previous, settings.get());
        }
        log.updated(update);
        audit.refused(update);
    }

    /** Applies a configuration whose every value was checked (or a test's). */
    public void apply(AuthConfig config) {
        Applied previous = settings.get();
        settings.install(Applied.from(config));
        applied(previous, settings.get());
    }

    private void applied(Applied previous, Applied next) {
        log.warnings(next.auth().warnings());
        log.warnings(next.pumping().warnings());
        if (previous != null && !previous.auth().providerChain().equals(next.auth().providerChain())) {
            LOG.info("OTP providers in order: {} (was {})", next.auth().providerChain(),
                    previous.auth().providerChain());
        }
    }

    /** Every key's type and range: the ranges the metatype of {@link AuthConfig} declares. */
    static ConfigCheck<AuthConfig> check(Map<String, ?> properties) {
        ConfigCheck<AuthConfig> checked = ConfigCheck.of(AuthConfig.PID, AuthConfig.class, properties)
                .within("codeLength", 4, 10)
                .within("codeTtlSeconds", 30, AuthSettings.MAX_CODE_TTL_SECONDS)
                .within("maxAttempts", 1, 10)
                .atLeast("resendIntervalSeconds", 0)
                .atLeast("sendsPerPhonePerHour", 1)
                .atLeast("sendsPerIpPerHour", 1)
                .atLeast("sendsPerHour", 1)
                .atLeast("providerTimeoutMillis", 100)
                .atLeast("providerThreads", 1)
                .atLeast("providerQueue", 0)
                .atLeast("breakerFailureThreshold", 1)
                .atLeast("breakerOpenSeconds", 1)
                .atLeast("sessionTtlSeconds", 60)
                .within("prefixDigits", 4, 12)
                .atLeast("sendsPerPrefixPerHour", 1)
                .atLeast("sendsPerDay", 1);
        if (!PhoneNumbers.isRegion(checked.values().defaultRegion())) {
            checked.refuse("defaultRegion", "an ISO 3166 region such as US or GB");
        }
        return checked;
    }

    public AuthSettings get() {
        return settings.get().auth();
    }

    /** The SMS-pumping guard's settings, from the same PID. */
    public PumpingSettings pumping() {
        return settings.get().pumping();
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
