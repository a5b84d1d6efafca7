package org.nerava.auth.internal.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.nerava.auth.internal.settings.AuthConfigs;
import org.nerava.auth.internal.settings.CurrentAuthSettings;
import org.nerava.otp.spi.CodeDelivery;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.platform.health.Readiness;

/** What {@code otp} in {@code /readyz} says, from the registry alone. */
class OtpReadinessCheckTest {

    private final Map<String, Object> config = AuthConfigs.testDefaults();
    private final CurrentAuthSettings settings;
    private final OtpProviderRegistry registry;
    private final OtpReadinessCheck check;
    private final ProviderCallGuard guard;

    OtpReadinessCheckTest() {
        config.put("provider", "twilio_verify");
        config.put("fallback", new String[] {"console"});
        settings = CurrentAuthSettings.of(AuthConfigs.with(config));
        guard = new ProviderCallGuard(Clock.systemUTC(), settings);
        registry = new OtpProviderRegistry(settings, guard);
        check = new OtpReadinessCheck(registry);
    }

    @Test
    void noConfiguredProviderAbleToSendIsDownWithEachOnesStateAndTheFixButNotCritical() {
        Readiness readiness = check.check();

        assertThat(readiness.status()).isEqualTo(Readiness.Status.DOWN);
        assertThat(readiness.detail()).contains("no configured OTP provider can send codes")
                .contains("twilio_verify: missing").contains("console: missing").contains("NERAVA_OTP_PROVIDER");
        assertThat(check.critical()).as("a provider outage never takes a node out").isFalse();
        assertThat(check.canSend()).isFalse();
    }

    @Test
    void aBoundFallbackIsDegradedAndTheActiveOneUp() {
        registry.bind(new BoundProvider("console", ProviderKind.DELIVERY, new Silent()));
        assertThat(check.check().status()).isEqualTo(Readiness.Status.DEGRADED);
        assertThat(check.canSend()).isTrue();

        registry.bind(new BoundProvider("twilio_verify", ProviderKind.DELIVERY, new Silent()));
        assertThat(check.check().status()).isEqualTo(Readiness.Status.UP);
    }

    @Test
    void anOpenCircuitWithoutAFallbackIsDownAndSaysSoInsteadOfPromisingOne() {
        config.put("fallback", new String[0]);
        config.put("breakerFailureThreshold", 1);
        settings.apply(AuthConfigs.with(config));
        BoundProvider twilio = new BoundProvider("twilio_verify", ProviderKind.DELIVERY, new Silent());
        registry.bind(twilio);
        guard.call(twilio, "deliver", p -> CompletableFuture.failedFuture(
                new OtpProviderException(OtpProviderException.Reason.UNAVAILABLE, "connection refused"))).handle((v, f) -> v)
                .join();

        Readiness readiness = check.check();
        assertThat(readiness.status()).isEqualTo(Readiness.Status.DOWN);
        assertThat(readiness.detail()).contains("'twilio_verify' is failing (circuit open")
                .contains("connection refused").contains("no fallback is configured").doesNotContain("go to");
    }

    @Test
    void anOpenCircuitWithABoundFallbackIsDegradedNamingTheFallback() {
        config.put("breakerFailureThreshold", 1);
        settings.apply(AuthConfigs.with(config));
        BoundProvider twilio = new BoundProvider("twilio_verify", ProviderKind.DELIVERY, new Silent());
        registry.bind(twilio);
        registry.bind(new BoundProvider("console", ProviderKind.DELIVERY, new Silent()));
        guard.call(twilio, "deliver", p -> CompletableFuture.failedFuture(
                new OtpProviderException(OtpProviderException.Reason.TIMEOUT, "slow"))).handle((v, f) -> v).join();

        Readiness readiness = check.check();
        assertThat(readiness.status()).isEqualTo(Readiness.Status.DEGRADED);
        assertThat(readiness.detail()).contains("sends go to 'console'");
    }

    @Test
    void aMisconfiguredActiveProviderIsNotUp() {
        config.put("fallback", new String[0]);
        settings.apply(AuthConfigs.with(config));
        BoundProvider twilio = new BoundProvider("twilio_verify", ProviderKind.DELIVERY, new Silent());
        registry.bind(twilio);
        guard.call(twilio, "deliver", p -> CompletableFuture.failedFuture(new OtpProviderException(
                OtpProviderException.Reason.MISCONFIGURED, "NOT_CONFIGURED", "accountSid is empty", null)))
                .handle((v, f) -> v).join();

        Readiness readiness = check.check();
        assertThat(readiness.status()).isEqualTo(Readiness.Status.DOWN);
        assertThat(readiness.detail()).contains("'twilio_verify' is misconfigured").contains("accountSid is empty");
    }

    @Test
    void theBootDiagnosisOfAnActiveProviderWithoutCredentialsMakesItMisconfiguredBeforeAnyDriverMeetsIt() {
        config.put("fallback", new String[0]);
        settings.apply(AuthConfigs.with(config));
        registry.bind(new BoundProvider("twilio_verify", ProviderKind.DELIVERY, new Silent() {
            @Override
            public java.util.concurrent.CompletionStage<org.nerava.otp.spi.Diagnosis> diagnose() {
                return CompletableFuture.completedFuture(new org.nerava.otp.spi.Diagnosis(false,
                        "not configured: accountSid is empty", Map.of("reason", "MISCONFIGURED")));
            }
        }));
        assertThat(check.check().status()).as("nothing known yet").isEqualTo(Readiness.Status.UP);

        new OtpReadinessCheck(registry, guard).diagnoseActive();

        assertThat(check.check().status()).isEqualTo(Readiness.Status.DOWN);
        assertThat(check.check().detail()).contains("'twilio_verify' is misconfigured")
                .contains("accountSid is empty");
    }

    /** A provider that is bound; what it sends does not matter here. */
    private static class Silent implements CodeDelivery {
        @Override
        public java.util.concurrent.CompletionStage<org.nerava.otp.spi.OtpReceipt> deliver(
                org.nerava.otp.spi.CodeMessage message) {
            return new java.util.concurrent.CompletableFuture<>();
        }

        @Override
        public java.util.concurrent.CompletionStage<org.nerava.otp.spi.Diagnosis> diagnose() {
            return new java.util.concurrent.CompletableFuture<>();
        }
    }

    @Test
    void noProviderConfiguredAtAllIsDown() {
        config.put("provider", "");
        config.put("fallback", new String[0]);
        settings.apply(AuthConfigs.with(config));

        assertThat(check.check().status()).isEqualTo(Readiness.Status.DOWN);
        assertThat(check.check().detail()).contains("no OTP provider is configured");
    }
}
