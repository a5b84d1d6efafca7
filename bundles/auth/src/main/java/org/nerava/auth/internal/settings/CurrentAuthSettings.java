package org.nerava.auth.internal.settings;

import java.time.Clock;
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

    private final Clock clock;
    private volatile AuthSettings settings;
    private volatile PumpingSettings pumping;
    private volatile Instant appliedAt;
    private volatile Refusal refusal;
    /** Optional and dynamic: a refusal is audited when the trail is there, and once it comes if it was not. */
    private volatile AuditTrail audit;

    private record Refusal(List<ConfigProblem> problems, String serving, Instant at, boolean audited) {
    }

    @Activate
    public CurrentAuthSettings(Map<String, Object> properties) {
        this.clock = Clock.systemUTC();
        modified(properties);
    }

    /** For tests: settings built from a configuration annotation, replaced with {@link #apply(AuthConfig)}. */
    public CurrentAuthSettings(AuthConfig config) {
        this.clock = Clock.systemUTC();
        apply(config);
    }

    /** For tests: fixed settings, replaced with {@link #apply(AuthConfig)}. */
    public CurrentAuthSettings(AuthSettings settings) {
        this.clock = Clock.systemUTC();
        this.settings = settings;
        this.pumping = PumpingSettings.defaults(settings.phones().defaultRegion());
    }

    /** Checks the PID's properties as a whole; applies them when every value is good. */
    @Modified
    public synchronized void modified(Map<String, ?> properties) {
        ConfigCheck<AuthConfig> checked = check(properties);
        List<ConfigProblem> problems = checked.problems();
        if (problems.isEmpty()) {
            if (refusal != null) {
                LOG.info("{}: configuration applied; the values refused before are no longer in it", AuthConfig.PID);
                refusal = null;
            }
            apply(checked.values());
            return;
        }
        String serving;
        if (settings == null) {
            apply(checked.values());
            serving = "the defaults of the refused keys, the other keys as given (no good configuration applied since"
                    + " start)";
        } else {
            serving = "the last good values (applied " + appliedAt + ")";
        }
        for (ConfigProblem problem : problems) {
            LOG.warn("{}; sign-in keeps {} until the file is fixed", problem.describe(), serving);
        }
        refusal = new Refusal(problems, serving, clock.instant(), false);
        auditRefusal();
    }

    /** Applies a configuration whose every value was checked (or a test's). */
    public void apply(AuthConfig config) {
        AuthSettings next = AuthSettings.from(config);
        next.warnings().forEach(warning -> LOG.warn("{}: {}", AuthConfig.PID, warning));
        AuthSettings previous = settings;
        if (previous != null && !previous.providerChain().equals(next.providerChain())) {
            LOG.info("OTP providers in order: {} (was {})", next.providerChain(), previous.providerChain());
        }
        settings = next;
        applyPumping(config, next);
        appliedAt = clock.instant();
    }

    private void applyPumping(AuthConfig config, AuthSettings next) {
        PumpingSettings guard = PumpingSettings.from(config, next.phones().defaultRegion());
        guard.warnings().forEach(warning -> LOG.warn("{}: {}", AuthConfig.PID, warning));
        pumping = guard;
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
        return settings;
    }

    @Override
    public String pid() {
        return AuthConfig.PID;
    }

    @Override
    public List<ConfigProblem> refused() {
        Refusal current = refusal;
        return current == null ? List.of() : current.problems();
    }

    @Override
    public String serving() {
        Refusal current = refusal;
        return current == null ? null : current.serving();
    }

    @Override
    public Instant refusedAt() {
        Refusal current = refusal;
        return current == null ? null : current.at();
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
        Refusal current = refusal;
        AuditTrail trail = audit;
        if (current == null || current.audited() || trail == null) {
            return;
        }
        refusal = new Refusal(current.problems(), current.serving(), current.at(), true);
        String detail = current.problems().stream().map(p -> p.key() + " = '" + p.value() + "' refused: " + p.allowed())
                .collect(Collectors.joining("; ")) + "; serving " + current.serving();
        CompletableFuture.runAsync(() -> {
            try {
                trail.record(new AuditRecord("system", "config.refused", AuthConfig.PID, AuditOutcome.FAILURE, detail));
            } catch (RuntimeException e) {
                LOG.warn("{}: the refusal could not be audited: {}", AuthConfig.PID, e.toString());
            }
        });
    }

    /** The SMS-pumping guard's settings, from the same PID. */
    public PumpingSettings pumping() {
        return pumping;
    }
}
