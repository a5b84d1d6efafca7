package org.nerava.auth.internal.provider;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.nerava.platform.concurrent.DaemonThreads;
import org.nerava.platform.health.Readiness;
import org.nerava.platform.health.ReadinessCheck;
import org.nerava.platform.metrics.Meters;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code otp} in {@code /readyz}: up when the active provider is bound and well; degraded when sign-in relies on a
 * fallback, or a provider is stuck (calls that did not return after their deadline) or failing; <b>down</b> when no
 * configured provider can send at all (none configured, or none of them bound in this profile: the console provider,
 * the default, refuses to activate outside {@code dev}), with the reason and the fix. Then one WARN says the same,
 * {@value #BOOT_WARNING_SECONDS} s after the feature started, and gauge {@code nerava_otp_available} is 0.
 *
 * <p>Never critical, down included: without OTP, drivers already signed in and every other feature still work, and
 * a provider outage, or a fleet-wide configuration mistake, must not take every node out of the load balancer and
 * gate a rollout (the outage this server was written after). A check reads the registry only; once per boot, with the
 * boot warning, the active provider diagnoses itself ({@link #diagnoseActive()}).
 */
@Component(service = ReadinessCheck.class)
public class OtpReadinessCheck implements ReadinessCheck {

    static final long BOOT_WARNING_SECONDS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(OtpReadinessCheck.class);
    /** What an operator does when no provider can send, in every message that says so. */
    static final String FIX = "set NERAVA_OTP_PROVIDER to a provider configured for this profile (twilio_verify,"
            + " twilio_sms or webhook with their keys; console only in dev), or switch: nerava:otp-use <id>;"
            + " see docs/operations.md, Going to production";

    private final OtpProviderRegistry registry;
    private ScheduledExecutorService bootWarning;

    private volatile Meters meters;

    /** Null in unit tests: then the boot check diagnoses nothing. */
    private final ProviderCallGuard guard;

    @Activate
    public OtpReadinessCheck(@Reference OtpProviderRegistry registry, @Reference ProviderCallGuard guard) {
        this.registry = registry;
        this.guard = guard;
    }

    public OtpReadinessCheck(OtpProviderRegistry registry) {
        this(registry, null);
    }

    @Activate
    void activate() {
        // Providers bind in the background after the boot: judged once they had the time to.
        bootWarning = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("nerava-otp-boot-check"));
        bootWarning.schedule(() -> {
            diagnoseActive();
            Readiness now = check();
            if (now.status() == Readiness.Status.DOWN) {
                LOG.warn("Sign-in cannot send codes on this node: {}", now.detail());
            }
        }, BOOT_WARNING_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Once per boot, the active provider is asked to diagnose itself (as {@code nerava:otp-check} does: it sends
     * nothing to anybody), so that one without credentials reads {@code misconfigured} before the first driver meets
     * it, not {@code up}. Its answer counts like any call: an unhealthy one is a fault of its circuit.
     */
    void diagnoseActive() {
        List<String> chain = registry.chain();
        if (guard == null || chain.isEmpty()) {
            return;
        }
        registry.provider(chain.get(0)).ifPresent(active -> {
            try {
                guard.diagnose(active).get(2 * guard.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.debug("The boot diagnosis of '{}' did not finish: {}", active.id(), e.toString());
            }
        });
    }

    @Deactivate
    void deactivate() {
        bootWarning.shutdownNow();
    }

    /** Optional and dynamic: readiness works the same without the metrics feature. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindMeters")
    void bindMeters(Meters m) {
        meters = m;
        m.gauge("nerava.otp.available", "1 when at least one configured OTP provider can send codes on this node,"
                + " else 0", () -> canSend() ? 1 : 0);
    }

    void unbindMeters(Meters m) {
        if (meters == m) {
            meters = null;
        }
    }

    /** At least one provider of the chain is bound. */
    boolean canSend() {
        return registry.chain().stream().anyMatch(id -> registry.provider(id).isPresent());
    }

    @Override
    public String name() {
        return "otp";
    }

    @Override
    public boolean critical() {
        return false;
    }

    @Override
    public Readiness check() {
        List<String> chain = registry.chain();
        List<String> bound = chain.stream().filter(id -> registry.provider(id).isPresent()).toList();
        List<ProviderStatus> statuses = registry.statuses();
        Map<String, Integer> stuck = new TreeMap<>();
        Map<String, String> notBound = new TreeMap<>();
        for (ProviderStatus status : statuses) {
            if (status.stuckCalls() > 0) {
                stuck.put(status.id(), status.stuckCalls());
            }
            if (status.chainPosition() >= 0 && !"bound".equals(status.state()) && !"stuck".equals(status.state())) {
                notBound.put(status.id(), status.state());
            }
        }
        Map<String, Object> details = Map.of("configured", chain, "bound", bound, "stuck_calls", stuck,
                "not_bound", notBound);
        if (chain.isEmpty()) {
            return Readiness.down("no OTP provider is configured: sign-in cannot send codes; " + FIX)
                    .withDetails(details);
        }
        if (bound.isEmpty()) {
            return Readiness.down("no configured OTP provider can send codes (" + why(chain, statuses) + "): " + FIX)
                    .withDetails(details);
        }
        String active = chain.get(0);
        Map<String, ProviderStatus> byId = new TreeMap<>();
        statuses.forEach(status -> byId.put(status.id(), status));
        // Where a send goes when the first bound provider cannot take it: the next bound one that is not failing.
        List<String> fallbacks = bound.stream().skip(1).filter(id -> healthy(byId.get(id))).toList();
        String first = bound.get(0);
        String trouble = troubleOf(first, byId.get(first), stuck);
        if (!first.equals(active)) {
            String why = "active provider '" + active + "' is " + notBound.getOrDefault(active, "missing");
            if (trouble == null) {
                return Readiness.degraded(why + "; using '" + first + "'").withDetails(details);
            }
            trouble = why + "; '" + first + "' " + trouble;
        } else if (trouble != null) {
            trouble = "active provider '" + active + "' " + trouble;
        }
        if (trouble != null) {
            if (fallbacks.isEmpty()) {
                return Readiness.down(trouble + "; no other configured provider is bound and well, so sign-in"
                        + " answers 503 until it recovers" + (chain.size() == 1 ? " (no fallback is configured)" : "")
                        + "; " + FIX).withDetails(details);
            }
            return Readiness.degraded(trouble + "; sends go to '" + fallbacks.get(0) + "'").withDetails(details);
        }
        if (!stuck.isEmpty()) {
            return Readiness.degraded("provider(s) " + stuck.keySet() + " stuck: calls did not return after their"
                    + " deadline").withDetails(details);
        }
        return Readiness.up("provider '" + active + "'").withDetails(details);
    }

    /** What keeps a bound provider from sending now, in words that follow its id; null when it can. */
    private static String troubleOf(String id, ProviderStatus status, Map<String, Integer> stuck) {
        if (status != null && status.misconfiguration() != null) {
            return "is misconfigured (" + status.misconfiguration() + ")";
        }
        if (stuck.containsKey(id)) {
            return "is stuck: " + stuck.get(id) + " calls did not return after their deadline";
        }
        if (status != null && !"closed".equals(status.circuit())) {
            return "is failing (circuit " + status.circuit() + (status.lastError() == null ? ""
                    : "; last error: " + status.lastError()) + ")";
        }
        return null;
    }

    private static boolean healthy(ProviderStatus status) {
        return status != null && status.misconfiguration() == null && status.stuckCalls() == 0
                && "closed".equals(status.circuit());
    }

    /** Each configured provider and why it cannot send: its state, and the cause of a failed activation. */
    private static String why(List<String> chain, List<ProviderStatus> statuses) {
        Map<String, ProviderStatus> byId = new TreeMap<>();
        statuses.forEach(status -> byId.put(status.id(), status));
        StringBuilder text = new StringBuilder();
        for (String id : chain) {
            ProviderStatus status = byId.get(id);
            text.append(text.length() == 0 ? "" : "; ").append(id).append(": ")
                    .append(status == null ? "missing" : status.state());
            if (status != null && status.lastError() != null) {
                text.append(" (").append(status.lastError()).append(')');
            }
        }
        return text.toString();
    }
}
