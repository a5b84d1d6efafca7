package org.nerava.auth.internal.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.nerava.auth.internal.provider.BoundProvider;
import org.nerava.auth.internal.provider.ProviderKind;
import org.nerava.auth.internal.provider.ProviderStatus;
import org.nerava.auth.internal.settings.AuthConfigs;
import org.nerava.auth.internal.store.AuthStore;
import org.nerava.otp.spi.OtpCheck;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.platform.Problem;
import org.nerava.platform.ProblemException;
import org.nerava.platform.auth.DriverPrincipal;
import org.nerava.testing.RecordingEventAdmin;
import org.nerava.testing.TestDatabase;
import org.osgi.service.event.Event;

/**
 * The sign-in flow against the bundle's real persistence unit on H2 and PostgreSQL, with providers that misbehave on
 * purpose.
 */
@ParameterizedClass(name = "on {0}")
@ArgumentsSource(TestDatabase.Engines.class)
class SignInServiceTest extends SignInTestBench {

    private static final String PHONE = "+14155550123";

    SignInServiceTest() {
        super(Instant.parse("2026-11-28T10:00:00Z"));
    }

    @Override
    void configure(Map<String, Object> config) {
        config.put("providerThreads", 4);
        config.put("fallback", new String[0]);
    }

    /** The active provider, then the fallbacks, as an operator would configure them. */
    private void useChain(String first, String... fallbacks) {
        config.put("provider", first);
        config.put("fallback", fallbacks);
        settings.apply(AuthConfigs.with(config));
    }

    // ---- the happy path -------------------------------------------------------------------------------------------

    @Test
    void aCodeSentToAPhoneSignsItsDriverInAndLogoutRevokesTheSession() {
        SignInService service = service();
        SignInService.Started started = await(() -> service.start("(415) 555-0123", "10.0.0.1", Locale.US, "r1"));
        assertThat(started.expiresInSeconds()).isEqualTo(300);
        assertThat(inbox.messages).hasSize(1);
        assertThat(inbox.messages.get(0).phoneE164()).isEqualTo(PHONE);

        SignInService.Verified verified = await(() -> service.verify("+1 415 555 0123", inbox.lastCode()));
        assertThat(verified.accessToken()).startsWith("nrv_").hasSize(47);
        assertThat(verified.driver().phoneE164()).isEqualTo(PHONE);
        assertThat(verified.driver().authProvider()).isEqualTo("phone");

        SessionAuthenticator authenticator = new SessionAuthenticator(store, clock);
        DriverPrincipal principal = authenticator.authenticate(verified.accessToken()).orElseThrow();
        assertThat(principal.publicId()).isEqualTo(verified.driver().publicId());

        assertThat(service.signOut(verified.accessToken(), principal.publicId())).isTrue();
        assertThat(authenticator.authenticate(verified.accessToken())).isEmpty();
        assertThat(service.signOut(verified.accessToken(), principal.publicId())).isFalse();
    }

    @Test
    void everyAuthenticatedRequestFindsItsSessionWithoutTheUnitsTransaction() {
        SignInService service = service();
        await(() -> service.start(PHONE, "10.0.0.1", Locale.US, null));
        SignInService.Verified verified = await(() -> service.verify(PHONE, inbox.lastCode()));

        // One statement in auto-commit: the unit's transaction would cost every authenticated request more than it.
        SessionAuthenticator authenticator = new SessionAuthenticator(
                new AuthStore(TestDatabase.unusableUnit(), database.dataSource()), clock);
        assertThat(authenticator.authenticate(verified.accessToken())).map(DriverPrincipal::publicId)
                .contains(verified.driver().publicId());
        assertThat(authenticator.authenticate("nrv_not-a-real-token")).isEmpty();
    }

    @Test
    void aReturningDriverKeepsTheirPublicIdAndSessionsExpire() {
        SignInService service = service();
        await(() -> service.start(PHONE, "10.0.0.1", Locale.US, null));
        SignInService.Verified first = await(() -> service.verify(PHONE, inbox.lastCode()));
        await(() -> service.start(PHONE, "10.0.0.1", Locale.US, null));
        SignInService.Verified second = await(() -> service.verify(PHONE, inbox.lastCode()));
        assertThat(second.driver().publicId()).isEqualTo(first.driver().publicId());
        assertThat(second.accessToken()).isNotEqualTo(first.accessToken());

        SessionAuthenticator authenticator = new SessionAuthenticator(store, clock);
        clock.advance(Duration.ofDays(30).plusSeconds(1));
        assertThat(authenticator.authenticate(second.accessToken())).isEmpty();
        assertThat(authenticator.authenticate("nrv_not-a-real-token")).isEmpty();
        assertThat(authenticator.authenticate(null)).isEmpty();
    }

    @Test
    void housekeepingDeletesOnlyWhatEndedBeforeTheKeepPeriod() {
        SignInService service = service();
        await(() -> service.start(PHONE, "10.0.0.1", Locale.US, null));
        SignInService.Verified verified = await(() -> service.verify(PHONE, inbox.lastCode()));
        long now = clock.millis();
        assertThat(store.purge(now, Duration.ofDays(7).toMillis())).isZero();
        // 38 days on: the challenge (5 min) and the session (30 days) both ended more than 7 days ago, the four send
        // buckets (phone, client, global, number range) are full again and the day's budget count is a month old.
        assertThat(store.purge(now + Duration.ofDays(38).toMillis(), Duration.ofDays(7).toMillis())).isEqualTo(7);
        assertThat(new SessionAuthenticator(store, clock).authenticate(verified.accessToken())).isEmpty();
    }

    @Test
    void eventsTellWhatHappenedWithoutPhoneNumbersOrCodes() {
        RecordingEventAdmin admin = new RecordingEventAdmin();
        List<Event> events = admin.events();
        SignInService service = service();
        service.setEvents(admin);
        await(() -> service.start(PHONE, "10.0.0.1", Locale.US, null));
        String code = inbox.lastCode();
        problem(() -> service.verify(PHONE, code.equals("000000") ? "111111" : "000000"));
        SignInService.Verified verified = await(() -> service.verify(PHONE, code));
        service.signOut(verified.accessToken(), verified.driver().publicId());

        assertThat(events).extracting(Event::getTopic).containsExactly(
                "org/nerava/auth/OTP_STARTED", "org/nerava/auth/OTP_FAILED", "org/nerava/auth/OTP_VERIFIED",
                "org/nerava/auth/SIGNED_OUT");
        assertThat(events.get(1).getProperty("reason")).isEqualTo("invalid_code");
        assertThat(events.get(2).getProperty("driver_public_id")).isEqualTo(verified.driver().publicId());
        assertThat(events.get(2).getProperty("provider")).isEqualTo("inbox");
        for (Event event : events) {
            for (String name : event.getPropertyNames()) {
                String value = String.valueOf(event.getProperty(name));
                assertThat(value).doesNotContain("4155550123").doesNotContain(code)
                        .doesNotContain(verified.accessToken());
            }
        }
    }

    @Test
    void theDriverDirectoryFindsOrCreatesDriversByAnyTypedFormOfTheirPhone() {
        SignInService service = service();
        AuthDriverDirectory directory = new AuthDriverDirectory(store, service, clock);
        DriverPrincipal created = directory.findOrCreate("(415) 555-0177");
        assertThat(created.phoneE164()).isEqualTo("+14155550177");
        assertThat(directory.findOrCreate("+1 415 555 0177")).isEqualTo(created);
        assertThat(directory.find(created.publicId())).contains(created);
        assertThat(directory.find("no-such-id")).isEmpty();
        assertThat(problemException(() -> {
            directory.findOrCreate("garbage");
            return null;
        }).problem().getCode()).isEqualTo("invalid_phone");
        // A driver made by the directory signs in as themselves.
        await(() -> service.start("+14155550177", "10.0.0.1", Locale.US, null));
        assertThat(await(() -> service.verify("+14155550177", inbox.lastCode())).driver().publicId())
                .isEqualTo(created.publicId());
    }

    // ---- codes ----------------------------------------------------------------------------------------------------

    @Test
    void theFifthWrongCodeLocksTheChallengeAndTheRightCodeNoLongerWorks() {
        SignInService service = service();
        await(() -> service.start(PHONE, "10.0.0.1", Locale.US, null));
        String right = inbox.lastCode();
        String wrong = right.equals("000000") ? "111111" : "000000";
        for (int left = 4; left >= 1; left--) {
            Problem problem = problem(() -> service.verify(PHONE, wrong));
            assertThat(problem.getStatus()).isEqualTo(400);
            assertThat(problem.getCode()).isEqualTo("invalid_code");
            assertThat(problem.getDetail()).contains(left + (left == 1 ? " attempt " : " attempts ") + "left");
        }
        Problem fifth = problem(() -> service.verify(PHONE, wrong));
        assertThat(fifth.getStatus()).isEqualTo(429);
        assertThat(fifth.getCode()).isEqualTo("too_many_attempts");
        Problem afterLock = problem(() -> service.verify(PHONE, right));
        assertThat(afterLock.getCode()).isEqualTo("too_many_attempts");
    }

    @Test
    void anExpiredCodeIsRefused() {
        SignInService service = service();
        await(() -> service.start(PHONE, "10.0.0.1", Locale.US, null));
        clock.advance(Duration.ofSeconds(300));
        Problem problem = problem(() -> service.verify(PHONE, inbox.lastCode()));
        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getCode()).isEqualTo("code_expired");
    }

    @Test
    void aResendInvalidatesTheOldCode() {
        SignInService service = service();
        await(() -> service.start(PHONE, "10.0.0.1", Locale.US, null));
        String first = inbox.lastCode();
        await(() -> service.start(PHONE, "10.0.0.1", Locale.US, null));
        String second = inbox.lastCode();
        if (!first.equals(second)) {
            assertThat(problem(() -> service.verify(PHONE, first)).getCode()).isEqualTo("invalid_code");
        }
        assertThat(await(() -> service.verify(PHONE, second)).accessToken()).isNotBlank();
    }

    @Test
    void aUsedCodeCannotSignInAgain() {
        SignInService service = service();
        await(() -> service.start(PHONE, "10.0.0.1", Locale.US, null));
        await(() -> service.verify(PHONE, inbox.lastCode()));
        Problem again = problem(() -> service.verify(PHONE, inbox.lastCode()));
        assertThat(again.getCode()).isEqualTo("invalid_code");
        assertThat(again.getDetail()).contains("already used");
    }

    @Test
    void malformedCodesAndVerifyWithoutAStartAreClearErrors() {
        SignInService service = service();
        assertThat(problem(() -> service.verify(PHONE, "12ab56")).getCode()).isEqualTo("invalid_code");
        assertThat(problem(() -> service.verify(PHONE, "123456")).getDetail()).contains("no code is waiting");
        assertThat(problem(() -> service.verify("garbage", "123456")).getCode()).isEqualTo("invalid_phone");
    }

    @Test
    void twentyConcurrentVerifiesOfOneCorrectCodeYieldExactlyOneToken() throws Exception {
        SignInService service = service();
        await(() -> service.start(PHONE, "10.0.0.1", Locale.US, null));
        String code = inbox.lastCode();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> outcomes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            outcomes.add(pool.submit(() -> {
                go.await();
                try {
                    return service.verify(PHONE, code).toCompletableFuture().get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    return e.getCause();
                } catch (ProblemException e) {
                    return e;
                }
            }));
        }
        go.countDown();
        int tokens = 0;
        for (Future<Object> outcome : outcomes) {
            Object result = outcome.get(20, TimeUnit.SECONDS);
            if (result instanceof SignInService.Verified) {
                tokens++;
            } else {
                assertThat(result).isInstanceOf(ProblemException.class);
                assertThat(((ProblemException) result).problem().getStatus()).isIn(400, 429);
            }
        }
        pool.shutdown();
        assertThat(tokens).isEqualTo(1);
    }

    // ---- limits ---------------------------------------------------------------------------------------------------

    @Test
    void aResendWithinTheCooldownIsRefusedWithRetryAfter() {
        config.put("resendIntervalSeconds", 30);
        SignInService service = service();
        await(() -> service.start(PHONE, "10.0.0.1", Locale.US, null));
        clock.advance(Duration.ofSeconds(10));
        ProblemException refused = problemException(() -> service.start(PHONE, "10.0.0.1", Locale.US, null));
        assertThat(refused.problem().getStatus()).isEqualTo(429);
        assertThat(refused.problem().getCode()).isEqualTo("rate_limited");
        assertThat(refused.headers()).containsEntry("Retry-After", "20");
        clock.advance(Duration.ofSeconds(20));
        await(() -> service.start(PHONE, "10.0.0.1", Locale.US, null));
        assertThat(inbox.messages).hasSize(2);
    }

    @Test
    void sendsPerPhonePerHourAreLimited() {
        config.put("sendsPerPhonePerHour", 3);
        SignInService service = service();
        for (String address : List.of("10.0.0.1", "10.0.0.2", "10.0.0.3")) {
            await(() -> service.start(PHONE, address, Locale.US, null));
        }
        ProblemException refused = problemException(() -> service.start(PHONE, "10.0.0.9", Locale.US, null));
        assertThat(refused.headers()).containsEntry("Retry-After", "1200");
        assertThat(refused.problem().getDetail()).contains("this number");
        await(() -> service.start("+14155550124", "10.0.0.9", Locale.US, null));
        clock.advance(Duration.ofMinutes(20));
        await(() -> service.start(PHONE, "10.0.0.9", Locale.US, null));
    }

    @Test
    void sendsPerClientAddressPerHourAreLimitedAndIpv6CountsPerSlash64() {
        config.put("sendsPerIpPerHour", 2);
        SignInService service = service();
        await(() -> service.start("+14155550101", "2001:db8:1:2::1", Locale.US, null));
        await(() -> service.start("+14155550102", "2001:db8:1:2:ffff::9", Locale.US, null));
        ProblemException refused = problemException(
                () -> service.start("+14155550103", "2001:db8:1:2::77", Locale.US, null));
        assertThat(refused.problem().getDetail()).contains("address");
        assertThat(refused.headers()).containsKey("Retry-After");
        await(() -> service.start("+14155550103", "2001:db8:1:3::1", Locale.US, null));
    }

    @Test
    void theGlobalBudgetHoldsUnderConcurrentSends() throws Exception {
        config.put("sendsPerHour", 10);
        SignInService service = service();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> sent = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String phone = "+1415555" + String.format("%04d", 1000 + i);
            String address = "10.1.0." + i;
            sent.add(pool.submit(() -> {
                go.await();
                try {
                    service.start(phone, address, Locale.US, null).toCompletableFuture().get(10, TimeUnit.SECONDS);
                    return true;
                } catch (ProblemException e) {
                    assertThat(e.problem().getStatus()).isEqualTo(429);
                    return false;
                }
            }));
        }
        go.countDown();
        int accepted = 0;
        for (Future<Boolean> f : sent) {
            accepted += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(accepted).isEqualTo(10);
        assertThat(inbox.messages).hasSize(10);
    }

    @Test
    void limitsLiveInTheDatabaseAndSurviveANewServiceInstance() {
        config.put("sendsPerPhonePerHour", 1);
        await(() -> service().start(PHONE, "10.0.0.1", Locale.US, null));
        SignInService afterRefresh = service();
        assertThat(problemException(() -> afterRefresh.start(PHONE, "10.0.0.1", Locale.US, null))
                .problem().getStatus()).isEqualTo(429);
    }

    // ---- test numbers ---------------------------------------------------------------------------------------------

    @Test
    void testNumbersUseTheirFixedCodeInDevAndSendNothing() {
        config.put("testNumbers", new String[] {"+1 415 555 0199=123456@2099-12-31"});
        SignInService service = service();
        await(() -> service.start("+14155550199", "10.0.0.1", Locale.US, null));
        assertThat(inbox.messages).isEmpty();
        assertThat(await(() -> service.verify("+14155550199", "123456")).driver().phoneE164())
                .isEqualTo("+14155550199");
    }

    @Test
    void testNumbersAreRefusedOutsideDevAndTheirFixedCodeDoesNotWork() {
        config.put("profile", "prod");
        config.put("testNumbers", new String[] {"+14155550199=123456@2099-12-31"});
        SignInService service = service();
        assertThat(service.settings().testNumbers()).isEmpty();
        assertThat(service.settings().warnings()).anyMatch(w -> w.startsWith("testNumbers refused"));
        await(() -> service.start("+14155550199", "10.0.0.1", Locale.US, null));
        assertThat(inbox.messages).hasSize(1);
        if (!inbox.lastCode().equals("123456")) {
            assertThat(problem(() -> service.verify("+14155550199", "123456")).getCode()).isEqualTo("invalid_code");
        }
    }

    @Test
    void anExpiredTestNumberIsNotHonoured() {
        config.put("testNumbers", new String[] {"+14155550199=123456@2020-01-01"});
        SignInService service = service();
        await(() -> service.start("+14155550199", "10.0.0.1", Locale.US, null));
        assertThat(inbox.messages).hasSize(1);
    }

    // ---- providers ------------------------------------------------------------------------------------------------

    @Test
    void aFailingActiveProviderFallsBackToTheNextWithTheSameChallenge() {
        useChain("broken", "inbox");
        registry.bind(new BoundProvider("broken", ProviderKind.DELIVERY,
                new TestProviders.Failing(OtpProviderException.Reason.UNAVAILABLE)));
        SignInService service = service();
        await(() -> service.start(PHONE, "10.0.0.1", Locale.US, null));
        assertThat(await(() -> service.verify(PHONE, inbox.lastCode())).accessToken()).isNotBlank();
        ProviderStatus broken = registry.statuses().get(0);
        assertThat(broken.id()).isEqualTo("broken");
        assertThat(broken.active()).isTrue();
        assertThat(broken.failures()).isEqualTo(1);
        assertThat(broken.lastError()).contains("UNAVAILABLE");
    }

    @Test
    void afterRepeatedFaultsTheCircuitOpensAndSendsGoStraightToTheFallback() {
        config.put("breakerFailureThreshold", 3);
        config.put("breakerOpenSeconds", 30);
        useChain("broken", "inbox");
        registry.bind(new BoundProvider("broken", ProviderKind.DELIVERY,
                new TestProviders.Failing(OtpProviderException.Reason.UNAVAILABLE)));
        SignInService service = service();
        for (int i = 0; i < 5; i++) {
            String phone = "+1415555020" + i;
            await(() -> service.start(phone, "10.0.0.1", Locale.US, null));
        }
        ProviderStatus broken = registry.statuses().get(0);
        assertThat(broken.calls()).isEqualTo(3);
        assertThat(broken.circuit()).isEqualTo("open");
        assertThat(inbox.messages).hasSize(5);
        clock.advance(Duration.ofSeconds(30));
        assertThat(registry.statuses().get(0).circuit()).isEqualTo("half-open");
        await(() -> service.start("+14155550299", "10.0.0.1", Locale.US, null));
        assertThat(registry.statuses().get(0).calls()).isEqualTo(4);
        assertThat(registry.statuses().get(0).circuit()).isEqualTo("open");
    }

    @Test
    void aThrowingProviderIsAFaultToo() {
        useChain("throws", "inbox");
        registry.bind(new BoundProvider("throws", ProviderKind.DELIVERY, new TestProviders.Throwing()));
        await(() -> service().start(PHONE, "10.0.0.1", Locale.US, null));
        assertThat(inbox.messages).hasSize(1);
    }

    @Test
    void anAnswerAboutTheNumberIsNotRetriedElsewhere() {
        useChain("picky", "inbox");
        registry.bind(new BoundProvider("picky", ProviderKind.DELIVERY,
                new TestProviders.Failing(OtpProviderException.Reason.INVALID_PHONE)));
        Problem problem = problem(() -> service().start(PHONE, "10.0.0.1", Locale.US, null));
        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getCode()).isEqualTo("invalid_phone");
        assertThat(inbox.messages).isEmpty();
    }

    @Test
    void noProviderBoundIsA503AndTakesNothingFromTheLimits() {
        config.put("sendsPerPhonePerHour", 1);
        useChain("twilio-verify");
        Problem problem = problem(() -> service().start(PHONE, "10.0.0.1", Locale.US, null));
        assertThat(problem.getStatus()).isEqualTo(503);
        assertThat(problem.getCode()).isEqualTo("otp_unavailable");
        assertThat(problem.getDetail()).contains("twilio-verify");
        useChain("inbox");
        await(() -> service().start(PHONE, "10.0.0.1", Locale.US, null));
    }

    @Test
    void allProvidersFailingIsA503AndTheDriverMayRetryAtOnce() {
        config.put("resendIntervalSeconds", 60);
        useChain("broken");
        registry.bind(new BoundProvider("broken", ProviderKind.DELIVERY,
                new TestProviders.Failing(OtpProviderException.Reason.MISCONFIGURED)));
        SignInService service = service();
        assertThat(problem(() -> service.start(PHONE, "10.0.0.1", Locale.US, null)).getCode())
                .isEqualTo("otp_unavailable");
        // A code that was never delivered does not hold the resend cooldown.
        assertThat(problem(() -> service.start(PHONE, "10.0.0.1", Locale.US, null)).getCode())
                .isEqualTo("otp_unavailable");
    }

    @Test
    void aProviderThatNeverAnswersIsA504AfterTheDeadline() {
        useChain("hangs", "inbox");
        registry.bind(new BoundProvider("hangs", ProviderKind.DELIVERY, new TestProviders.Hanging()));
        long before = System.nanoTime();
        Problem problem = problem(() -> service().start(PHONE, "10.0.0.1", Locale.US, null));
        long tookMillis = (System.nanoTime() - before) / 1_000_000;
        assertThat(problem.getStatus()).isEqualTo(504);
        assertThat(problem.getCode()).isEqualTo("otp_timeout");
        assertThat(tookMillis).isBetween(400L, 5_000L);
        // No second text: a timed-out send may still arrive.
        assertThat(inbox.messages).isEmpty();
    }

    @Test
    void aCodeWhoseSendTimedOutStillSignsInWhenTheTextArrivesLate() {
        useChain("slow");
        TestProviders.Inbox late = new TestProviders.Inbox() {
            @Override
            public java.util.concurrent.CompletionStage<org.nerava.otp.spi.OtpReceipt> deliver(
                    org.nerava.otp.spi.CodeMessage message) {
                super.deliver(message);
                return new java.util.concurrent.CompletableFuture<>(); // delivered, but never acknowledged
            }
        };
        registry.bind(new BoundProvider("slow", ProviderKind.DELIVERY, late));
        SignInService service = service();
        assertThat(problem(() -> service.start(PHONE, "10.0.0.1", Locale.US, null)).getCode()).isEqualTo("otp_timeout");
        assertThat(await(() -> service.verify(PHONE, late.lastCode())).accessToken()).isNotBlank();
    }

    @Test
    void aProviderThatBlocksItsThreadIsInterruptedAtTheDeadline() throws Exception {
        useChain("blocks");
        TestProviders.Blocking blocking = new TestProviders.Blocking();
        registry.bind(new BoundProvider("blocks", ProviderKind.DELIVERY, blocking));
        assertThat(problem(() -> service().start(PHONE, "10.0.0.1", Locale.US, null)).getCode())
                .isEqualTo("otp_timeout");
        assertThat(blocking.entered.await(1, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 50 && !blocking.interrupted.get(); i++) {
            Thread.sleep(20);
        }
        assertThat(blocking.interrupted).isTrue();
    }

    @Test
    void aProviderRemovedWhileASendIsInFlightFailsItAtOnceAndSignInFallsBack() throws Exception {
        useChain("hangs", "inbox");
        TestProviders.Hanging hanging = new TestProviders.Hanging();
        registry.bind(new BoundProvider("hangs", ProviderKind.DELIVERY, hanging));
        config.put("providerTimeoutMillis", 30_000);
        SignInService service = service();
        var pending = service.start(PHONE, "10.0.0.1", Locale.US, null).toCompletableFuture();
        Thread.sleep(100);
        assertThat(pending).isNotDone();
        long before = System.nanoTime();
        registry.unbind("hangs", hanging);
        pending.get(5, TimeUnit.SECONDS);
        assertThat((System.nanoTime() - before) / 1_000_000).isLessThan(2_000);
        assertThat(inbox.messages).hasSize(1);
        assertThat(await(() -> service.verify(PHONE, inbox.lastCode())).accessToken()).isNotBlank();
    }

    @Test
    void aVerificationServiceOwnsItsCodes() {
        useChain("verify");
        TestProviders.Verifier verifier = new TestProviders.Verifier();
        registry.bind(new BoundProvider("verify", ProviderKind.VERIFIER, verifier));
        SignInService service = service();
        await(() -> service.start(PHONE, "10.0.0.1", Locale.US, null));
        assertThat(verifier.started).containsExactly(PHONE);
        assertThat(problem(() -> service.verify(PHONE, "111111")).getCode()).isEqualTo("invalid_code");
        assertThat(await(() -> service.verify(PHONE, "424242")).driver().phoneE164()).isEqualTo(PHONE);
    }

    @Test
    void aVerificationServiceSayingExpiredOrGoneIsAClearError() {
        useChain("verify");
        TestProviders.Verifier verifier = new TestProviders.Verifier();
        registry.bind(new BoundProvider("verify", ProviderKind.VERIFIER, verifier));
        SignInService service = service();
        await(() -> service.start(PHONE, "10.0.0.1", Locale.US, null));
        verifier.forced = OtpCheck.EXPIRED;
        assertThat(problem(() -> service.verify(PHONE, "424242")).getCode()).isEqualTo("code_expired");
        registry.unbind("verify", verifier);
        Problem gone = problem(() -> service.verify(PHONE, "424242"));
        assertThat(gone.getStatus()).isEqualTo(503);
        assertThat(gone.getCode()).isEqualTo("otp_unavailable");
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static Problem problem(Supplier<? extends CompletionStage<?>> call) {
        return problemException(call).problem();
    }
}
