package org.nerava.admin.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@value #PID}: how long admin calls may wait and how failed admin sign-ins slow a guesser.
 * (Deployments have their own PID.)
 */
@ObjectClassDefinition(id = AdminConfig.PID, name = "Nerava admin",
        description = "Admin API timeouts, admin sign-in throttling and admin sessions")
public @interface AdminConfig {

    String PID = "org.nerava.admin";

    @AttributeDefinition(name = "OTP diagnose timeout (ms)",
            description = "GET /v1/admin/otp/providers waits at most this long for all providers' checks",
            min = "100", max = "60000")
    int otpDiagnoseTimeoutMs() default 5000;

    @AttributeDefinition(name = "Failures before a lock", min = "1", max = "100", description = "Failed admin sign-ins of one user"
            + " name or from one client address (within the window) before each further failure locks both")
    int failuresBeforeLock() default 5;

    @AttributeDefinition(name = "First lock (s)", min = "1", max = "3600",
            description = "How long the first lock lasts; each further failure doubles it, up to the longest lock")
    int lockBaseSeconds() default 1;

    @AttributeDefinition(name = "Longest lock (s)", min = "1", max = "86400", description = "The longest a lock lasts")
    int lockMaxSeconds() default 900;

    @AttributeDefinition(name = "Failure window (s)", min = "1", max = "604800",
            description = "Failures are forgotten once none has come for this long")
    int failureWindowSeconds() default 3600;

    @AttributeDefinition(name = "Session idle timeout (min)", min = "1", max = "1440",
            description = "An admin session (the console's) ends after this long unused")
    int sessionIdleMinutes() default 30;

    @AttributeDefinition(name = "Session lifetime (h)", min = "1", max = "168",
            description = "An admin session ends this long after sign-in, however much it is used")
    int sessionMaxHours() default 8;

    /** Shipped as {@code NERAVA_TRUSTED_PROXIES}, the variable sign-in's own key reads too. */
    @AttributeDefinition(name = "Trusted proxies", required = false, description = "Addresses of our own reverse"
            + " proxies; behind them the client address failures count against comes from X-Forwarded-For")
    String[] trustedProxies() default {};
}
