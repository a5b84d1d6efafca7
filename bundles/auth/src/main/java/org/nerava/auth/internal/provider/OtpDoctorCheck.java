package org.nerava.auth.internal.provider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.nerava.auth.internal.settings.AuthSettings;
import org.nerava.auth.internal.settings.CurrentAuthSettings;
import org.nerava.otp.spi.Diagnosis;
import org.nerava.platform.doctor.DoctorCheck;
import org.nerava.platform.doctor.Finding;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The doctor's view of sign-in. {@code otp.<id>}: each provider bound or configured, with its {@code diagnose()}
 * (configuration and reachability; it sends nothing to anybody). {@code otp}: whether a provider of the configured
 * chain is bound <em>and</em> diagnosed healthy, so sign-in could send a code: FAIL with the fix when none is (the same
 * judgement as {@code otp} in {@code /readyz}, which only sees bound or not, plus the diagnosis), WARN when only a
 * fallback is. {@code otp.keys}: outside {@code dev}, codes signed with a random in-memory key do not verify on
 * another node or after a restart. {@code auth.settings}: values refused in {@code etc/org.nerava.auth.cfg}.
 */
@Component(service = DoctorCheck.class)
public class OtpDoctorCheck implements DoctorCheck {

    static final String KEYS_FIX = "set NERAVA_OTP_HMAC_KEYS=<id>:<base64 of 32 random bytes> (head -c 32"
            + " /dev/urandom | base64), the same on every node";
    private static final String KEYS_WARNING = "no usable codeHmacKeys";

    private final OtpProviderRegistry registry;
    private final ProviderCallGuard guard;
    private final CurrentAuthSettings settings;

    @Activate
    public OtpDoctorCheck(@Reference OtpProviderRegistry registry, @Reference ProviderCallGuard guard,
            @Reference CurrentAuthSettings settings) {
        this.registry = registry;
        this.guard = guard;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "otp";
    }

    @Override
    public List<Finding> check() {
        List<ProviderStatus> statuses = registry.statuses();
        // Every bound provider at once: the slowest deadline bounds the check, not the sum of them.
        Map<String, CompletableFuture<Diagnosis>> diagnoses = new LinkedHashMap<>();
        for (ProviderStatus status : statuses) {
            registry.provider(status.id()).ifPresent(bound -> diagnoses.put(status.id(), guard.diagnose(bound)));
        }
        List<Finding> providers = new ArrayList<>();
        Map<String, Boolean> healthy = new LinkedHashMap<>();
        for (ProviderStatus status : statuses) {
            String check = "otp." + status.id();
            String role = status.chainPosition() == 0 ? "active" : status.chainPosition() > 0 ? "fallback"
                    : "not in use";
            CompletableFuture<Diagnosis> pending = diagnoses.get(status.id());
            if (pending == null) {
                String why = status.state() + (status.lastError() == null ? "" : ": " + status.lastError());
                providers.add(status.chainPosition() >= 0 ? Finding.warn(check, role + ", cannot send: " + why,
                        "see docs/operations.md for this provider's keys and profile") : Finding.ok(check, why));
                continue;
            }
            Diagnosis diagnosis = diagnose(pending);
            healthy.put(status.id(), diagnosis.healthy());
            if (diagnosis.healthy() || status.chainPosition() < 0) {
                // A provider sign-in does not use is information, whatever its health (Twilio booted without keys).
                providers.add(Finding.ok(check, role + ": " + (diagnosis.healthy() ? "" : "unhealthy: ")
                        + diagnosis.detail()));
            } else {
                providers.add(Finding.warn(check, role + ", unhealthy: " + diagnosis.detail(),
                        "check this provider's keys and that this host reaches its service"));
            }
        }
        List<Finding> findings = new ArrayList<>();
        findings.add(judgeChain(registry.chain(), healthy));
        findings.addAll(providers);
        findings.addAll(judgeSettings(settings.get()));
        return findings;
    }

    private static Diagnosis diagnose(CompletableFuture<Diagnosis> pending) {
        try {
            return pending.join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Diagnosis.unhealthy("diagnose failed: " + cause.getMessage());
        }
    }

    /** Sign-in can send when a provider of the chain is bound and healthy; best when it is the active one. */
    static Finding judgeChain(List<String> chain, Map<String, Boolean> healthyBound) {
        if (chain.isEmpty()) {
            return Finding.fail("otp", "no OTP provider is configured: sign-in cannot send codes",
                    OtpReadinessCheck.FIX);
        }
        List<String> able = chain.stream().filter(id -> Boolean.TRUE.equals(healthyBound.get(id))).toList();
        if (able.isEmpty()) {
            return Finding.fail("otp", "no configured OTP provider can send codes (" + String.join(", ", chain)
                    + ": see otp.<id>): sign-in would fail", OtpReadinessCheck.FIX);
        }
        if (!able.get(0).equals(chain.get(0))) {
            return Finding.warn("otp", "active provider '" + chain.get(0) + "' cannot send; sign-in would use"
                    + " fallback '" + able.get(0) + "'", "fix otp." + chain.get(0) + ", or make '" + able.get(0)
                    + "' the provider: NERAVA_OTP_PROVIDER");
        }
        return Finding.ok("otp", "provider '" + chain.get(0) + "' can send codes");
    }

    static List<Finding> judgeSettings(AuthSettings settings) {
        List<Finding> findings = new ArrayList<>();
        if (!settings.ephemeralKey()) {
            findings.add(Finding.ok("otp.keys", "codes are signed with the configured key(s)"));
        } else if (settings.devProfile()) {
            findings.add(Finding.ok("otp.keys", "dev: codes signed with a random key made at start-up"));
        } else {
            findings.add(Finding.warn("otp.keys", "no NERAVA_OTP_HMAC_KEYS outside dev: a code sent before a restart,"
                    + " or by another node, will not verify", KEYS_FIX));
        }
        List<String> refused = settings.warnings().stream().filter(w -> !w.startsWith(KEYS_WARNING)).toList();
        if (!refused.isEmpty()) {
            findings.add(Finding.warn("auth.settings", String.join("; ", refused),
                    "correct these in etc/org.nerava.auth.cfg or the environment"));
        }
        return findings;
    }
}
