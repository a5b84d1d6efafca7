package org.nerava.auth.internal.settings;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.nerava.auth.internal.phone.PhoneNumbers;
import org.nerava.auth.internal.pumping.PumpingSettings;
import org.nerava.platform.audit.AuditOutcome;
import org.nerava.platform.audit.AuditRecord;
import org.nerava.platform.audit.AuditTrail;
import org.nerava.platform.config.ConfigCheck;
import org.nerava.platform.config.ConfigProblem;
import org.nerava.platform.config.ConfigurationStatus;
import org.nerava.platform.config.LastGoodSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
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
public class CurrentAuthSettings implements ConfigurationStatus {

    private static final Logger LOG = LoggerFactory.getLogger(CurrentAuthSettings.class);

    /** Sign-in's settings and the SMS-pumping guard's, from the same PID: applied or refused together. */
    private record Applied(AuthSettings auth, PumpingSettings pumping) {
        static Applied from(AuthConfig config) {
            AuthSettings auth = AuthSettings.from(config);
            return new Applied(auth, PumpingSettings.from(config, auth.phones().defaultRegion()));
        }
    }

    private final LastGoodSettings<Applied> settings = new LastGoodSettings<>(AuthConfig.PID);
    /** Optional and dynamic: a refusal is audited when the trail is there, and once it comes if it was not. */
    private volatile AuditTrail audit;
    /** The refusal not audited yet; null when there is none. */
    private String unaudited;

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
        if (update.recovered()) {
            LOG.info("{}: configuration applied; the values refused before are no longer in it", AuthConfig.PID);
        }
        if (update.refused().isEmpty()) {
            return;
        }
        for (ConfigProblem problem : update.refused()) {
            LOG.warn("{}; sign-in keeps {} until the file is fixed", problem.describe(), update.serving());
        }
        unaudited = update.refused().stream().map(p -> p.key() + " = '" + p.value() + "' refused: " + p.allowed())
                .collect(Collectors.joining("; ")) + "; serving " + update.serving();
        auditRefusal();
    }

    /** Applies a configuration whose every value was checked (or a test's). */
    public void apply(AuthConfig config) {
        Applied previous = settings.get();
        settings.install(Applied.from(config));
        applied(previous, settings.get());
    }

    private static void applied(Applied previous, Applied next) {
        next.auth().warnings().forEach(warning -> LOG.warn("{}: {}", AuthConfig.PID, warning));
        next.pumping().warnings().forEach(warning -> LOG.warn("{}: {}", AuthConfig.PID, warning));
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
    public String pid() {
        return settings.pid();
    }

    @Override
    public List<ConfigProblem> refused() {
        return settings.refused();
    }

    @Override
    public String serving() {
        return settings.serving();
    }

    @Override
    public Instant refusedAt() {
        return settings.refusedAt();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindAudit")
    void bindAudit(AuditTrail trail) {
        audit = trail;
        auditRefusal();
    }

    void unbindAudit(AuditTrail trail) {
        if (audit == trail) {
            audit = null;
        }
    }

    /** Records the refusal once, off the caller's thread (Config Admin's or the runtime's): the trail is a database. */
    private synchronized void auditRefusal() {
        String detail = unaudited;
        AuditTrail trail = audit;
        if (detail == null || trail == null) {
            return;
        }
        unaudited = null;
        CompletableFuture.runAsync(() -> {
            try {
                trail.record(new AuditRecord("system", "config.refused", AuthConfig.PID, AuditOutcome.FAILURE, detail));
            } catch (RuntimeException e) {
                LOG.warn("{}: the refusal could not be audited: {}", AuthConfig.PID, e.toString());
            }
        });
    }
}
