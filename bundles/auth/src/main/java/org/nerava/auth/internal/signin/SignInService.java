package org.nerava.auth.internal.signin;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.nerava.auth.internal.phone.PhoneNumbers;
import org.nerava.auth.internal.provider.BoundProvider;
import org.nerava.auth.internal.provider.OtpProviderRegistry;
import org.nerava.auth.internal.provider.ProviderCallGuard;
import org.nerava.auth.internal.provider.ProviderKind;
import org.nerava.auth.internal.pumping.PumpingGuard;
import org.nerava.auth.internal.ratelimit.SendBudget;
import org.nerava.auth.internal.ratelimit.SendLimit;
import org.nerava.auth.internal.settings.AuthSettings;
import org.nerava.auth.internal.settings.CurrentAuthSettings;
import org.nerava.auth.internal.store.AuthStore;
import org.nerava.auth.internal.store.Challenge;
import org.nerava.auth.internal.store.ChallengeStatus;
import org.nerava.auth.internal.store.Driver;
import org.nerava.auth.internal.store.Opening;
import org.nerava.auth.internal.store.SignIn;
import org.nerava.otp.spi.CodeMessage;
import org.nerava.otp.spi.OtpCheck;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.otp.spi.OtpRequest;
import org.nerava.platform.Problem;
import org.nerava.platform.ProblemException;
import org.nerava.platform.concurrent.DaemonThreads;
import org.nerava.platform.concurrent.Failures;
import org.nerava.platform.events.EventTopics;
import org.nerava.platform.http.ClientAddress;
import org.nerava.platform.metrics.Meters;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sign-in flow: send a code (through the first provider of the chain that works), check it, open a session.
 * Limits, attempts and single use are decided in the database ({@link AuthStore}); provider calls go through the
 * {@link ProviderCallGuard} (own threads, deadline, breaker); what follows a provider's answer runs on this service's
 * own small pool, never on a provider's or the JDK's timer thread. Every refusal is counted and published as
 * {@code OTP_FAILED} where the flow ends, in one place per flow.
 */
@Component(service = SignInService.class)
public class SignInService {

    private static final Logger LOG = LoggerFactory.getLogger(SignInService.class);
    /** Provider id recorded for challenges of configured test numbers, which no provider sends. */
    static final String TEST_NUMBER_PROVIDER = "test-number";

    private final AuthStore store;
    private final OtpProviderRegistry providers;
    private final ProviderCallGuard guard;
    private final CurrentAuthSettings settings;
    private final PumpingGuard pumping;
    private final Clock clock;
    private final ThreadPoolExecutor followUps;
    private volatile EventAdmin events;
    /** Optional and dynamic: sign-in works the same without the metrics feature. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Meters meters;

    @Activate
    public SignInService(@Reference AuthStore store, @Reference OtpProviderRegistry providers,
            @Reference ProviderCallGuard guard, @Reference CurrentAuthSettings settings,
            @Reference PumpingGuard pumping) {
        this(store, providers, guard, settings, pumping, Clock.systemUTC());
    }

    public SignInService(AuthStore store, OtpProviderRegistry providers, ProviderCallGuard guard,
            CurrentAuthSettings settings, PumpingGuard pumping, Clock clock) {
        this.store = store;
        this.providers = providers;
        this.guard = guard;
        this.settings = settings;
        this.pumping = pumping;
        this.clock = clock;
        this.followUps = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                DaemonThreads.named("nerava-auth-followup"));
        this.followUps.allowCoreThreadTimeOut(true);
    }

    @Deactivate
    void deactivate() {
        followUps.shutdown();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setEvents(EventAdmin events) {
        this.events = events;
    }

    void unsetEvents(EventAdmin events) {
        if (this.events == events) {
            this.events = null;
        }
    }

    public AuthSettings settings() {
        return settings.get();
    }

    /** What the driver app is told after a code went out. */
    public record Started(long expiresInSeconds, long resendAfterSeconds) {
    }

    /** A new session for a driver. */
    public record Verified(String accessToken, long expiresInSeconds, Driver driver) {
    }

    /**
     * Sends a code to the phone.
     *
     * @param clientAddress the caller's address, for the per-address limit
     * @throws ProblemException at once for a bad number (400), a region codes may not go to (422) or an exceeded
     *         limit (429); the returned stage fails
     *         with one when no provider could send (503, 504)
     */
    public CompletionStage<Started> start(String typedPhone, String clientAddress, Locale locale, String requestId) {
        AuthSettings s = settings.get();
        String phone;
        try {
            phone = s.phones().toE164(typedPhone);
        } catch (ProblemException e) {
            record(START_METER, null, e.problem().getCode());
            throw e;
        }
        try {
            pumping.checkDestination(phone);
            return begin(s, phone, clientAddress, locale, requestId);
        } catch (ProblemException e) {
            // Refused before any provider was asked (limit, nobody to send); later refusals are recorded where the
            // provider's answer is known, in send().
            refused(START_METER, null, e);
            throw e;
        }
    }

    private CompletionStage<Started> begin(AuthSettings s, String phone, String clientAddress, Locale locale,
            String requestId) {
        long now = clock.millis();
        String challengeId = UUID.randomUUID().toString();

        Optional<AuthSettings.TestNumber> test = testNumber(s, phone);
        List<String> chain = providers.chain();
        Optional<BoundProvider> first = test.isPresent() ? Optional.empty() : providers.firstBound(chain, 0);
        if (test.isEmpty() && first.isEmpty()) {
            throw unavailable(chain);
        }
        String code = test.map(AuthSettings.TestNumber::code).orElseGet(() -> s.codes().newCode());
        String hmac = s.codes().hash(challengeId, phone, code);
        String providerId = test.isPresent() ? TEST_NUMBER_PROVIDER : first.get().id();
        boolean ownsCode = test.isPresent() || first.get().kind() == ProviderKind.DELIVERY;

        SendLimit phoneLimit = new SendLimit("phone", "phone:" + phone, s.sendsPerPhonePerHour());
        List<SendLimit> shared = List.of(
                new SendLimit("client", "client:" + ClientAddress.limitKey(clientAddress), s.sendsPerIpPerHour()),
                new SendLimit("global", "global", s.sendsPerHour()),
                pumping.rangeLimit(phone));
        SendBudget budget = pumping.budget(now);
        Opening opening = store.openChallenge(phone, providerId, ownsCode ? hmac : null, challengeId, now,
                s.codeTtl().toMillis(), s.resendInterval().toMillis(), phoneLimit, shared, budget);
        if (opening instanceof Opening.Limited limited) {
            if (PumpingGuard.PREFIX.equals(limited.limit()) || AuthStore.DAILY_BUDGET.equals(limited.limit())) {
                pumping.refused(limited.limit());
            }
            Meters m = meters;
            if (m != null) {
                m.count("nerava.otp.rate_limited", "Code sends refused by a send limit, by limit",
                        "limit", limited.limit());
            }
            throw ProblemException.tooManyRequests("rate_limited", limitDetail(limited.limit()),
                    limited.retryAfterSeconds());
        }
        pumping.sent(budget, ((Opening.Opened) opening).sentToday());
        Started started = new Started(s.codeTtl().toSeconds(), s.resendInterval().toSeconds());
        if (test.isPresent()) {
            LOG.info("OTP start for test number {} (profile=dev): fixed code, nothing sent", PhoneNumbers.mask(phone));
            store.markDelivery(challengeId, true, TEST_NUMBER_PROVIDER, hmac);
            record(START_METER, TEST_NUMBER_PROVIDER, "sent");
            publish(EventTopics.OTP_STARTED, Map.of(EventTopics.PROP_PROVIDER, TEST_NUMBER_PROVIDER));
            return CompletableFuture.completedFuture(started);
        }
        Sending sending = new Sending(new CodeMessage(phone, code, s.codeTtl(), locale, requestId), chain,
                challengeId, hmac);
        return send(first.get(), sending)
                .thenApply(provider -> {
                    publish(EventTopics.OTP_STARTED, Map.of(EventTopics.PROP_PROVIDER, provider));
                    return started;
                });
    }

    /** One code on its way: the message, the chain to fall back along, and the challenge it belongs to. */
    private record Sending(CodeMessage message, List<String> chain, String challengeId, String hmac) {
    }

    /**
     * Sends through {@code provider}; a provider fault (down, misconfigured) moves on to the next bound provider of
     * the chain with the same code. A timeout does not: the first provider may still deliver, and a second text
     * would confuse the driver. The stage completes with the id of the provider that sent it.
     */
    private CompletableFuture<String> send(BoundProvider provider, Sending sending) {
        CodeMessage message = sending.message();
        long calledAt = System.nanoTime();
        CompletableFuture<?> call = provider.kind() == ProviderKind.DELIVERY
                ? guard.call(provider, "deliver", p -> p.delivery().deliver(message))
                : guard.call(provider, "start", p -> p.verifier().start(
                        new OtpRequest(message.phoneE164(), message.locale(), message.requestId())));
        return call.handleAsync((receipt, failure) -> {
            if (LOG.isDebugEnabled()) {
                LOG.debug("OTP {} to {} through '{}': {} in {} ms (rid={})",
                        provider.kind() == ProviderKind.DELIVERY ? "deliver" : "start",
                        PhoneNumbers.mask(message.phoneE164()), provider.id(),
                        failure == null ? "sent" : providerProblem(failure).reason(),
                        (System.nanoTime() - calledAt) / 1_000_000, message.requestId());
            }
            if (failure == null) {
                store.markDelivery(sending.challengeId(), true, provider.id(),
                        provider.kind() == ProviderKind.DELIVERY ? sending.hmac() : null);
                record(START_METER, provider.id(), "sent");
                return CompletableFuture.completedFuture(provider.id());
            }
            OtpProviderException problem = providerProblem(failure);
            Optional<BoundProvider> next = problem.isProviderFault()
                    && problem.reason() != OtpProviderException.Reason.TIMEOUT
                    ? providers.firstBound(sending.chain(), sending.chain().indexOf(provider.id()) + 1)
                    : Optional.empty();
            if (next.isPresent()) {
                LOG.warn("OTP provider '{}' failed ({}); falling back to '{}'", provider.id(), problem.reason(),
                        next.get().id());
                return send(next.get(), sending);
            }
            boolean mayStillArrive = problem.reason() == OtpProviderException.Reason.TIMEOUT;
            // A timed-out send may still be delivered: keep its code valid (and the resend cooldown running) so the
            // text that arrives late still signs the driver in. Any other failure sent nothing.
            store.markDelivery(sending.challengeId(), mayStillArrive, provider.id(),
                    mayStillArrive && provider.kind() == ProviderKind.DELIVERY ? sending.hmac() : null);
            ProblemException answer = toProblem(problem, provider.id());
            refused(START_METER, provider.id(), answer);
            throw new CompletionException(answer);
        }, followUps).thenCompose(stage -> stage);
    }

    /**
     * Checks a code and opens a session. The attempt is counted (and committed) before the outcome is known to anyone:
     * before a verification service is asked, or in the same transaction as the use of a code Nerava made.
     *
     * @throws ProblemException at once for a bad number or a code that cannot be right; the returned stage fails
     *         with one for a wrong, expired, used or locked code
     */
    public CompletionStage<Verified> verify(String typedPhone, String code) {
        AuthSettings s = settings.get();
        String phone;
        try {
            phone = s.phones().toE164(typedPhone);
            if (!s.codes().isWellFormed(code)) {
                throw ProblemException.badRequest("invalid_code", "the code is " + s.codes().length() + " digits");
            }
        } catch (ProblemException e) {
            record(VERIFY_METER, null, e.problem().getCode());
            throw e;
        }
        Optional<Challenge> waiting = store.currentChallenge(phone);
        if (waiting.isEmpty()) {
            ProblemException none = ProblemException.badRequest("invalid_code",
                    "no code is waiting for this number; request a new one");
            refused(VERIFY_METER, null, none);
            throw none;
        }
        Challenge challenge = waiting.get();
        String provider = challenge.provider();
        try {
            return check(challenge, phone, code, s).whenComplete((verified, failure) -> {
                if (failure == null) {
                    record(VERIFY_METER, provider, "approved");
                } else if (Failures.unwrap(failure) instanceof ProblemException problem) {
                    refused(VERIFY_METER, provider, problem);
                } else {
                    record(VERIFY_METER, provider, "error");
                }
            });
        } catch (ProblemException e) {
            refused(VERIFY_METER, provider, e);
            throw e;
        }
    }

    private CompletableFuture<Verified> check(Challenge challenge, String phone, String code, AuthSettings s) {
        long now = clock.millis();
        refuseUnusable(challenge, s, now);
        if (challenge.isLocallyChecked()) {
            return CompletableFuture.completedFuture(checkLocally(challenge, phone, code, s, now));
        }
        if (!store.countAttempt(challenge.id(), s.maxAttempts(), now)) {
            // Someone else's attempt, expiry or use got there first; explain what the challenge is now.
            refuseUnusable(store.challenge(challenge.id()).orElse(challenge), s, clock.millis());
            throw ProblemException.badRequest("invalid_code", "request a new code");
        }
        BoundProvider provider = providers.provider(challenge.provider())
                .filter(p -> p.kind() == ProviderKind.VERIFIER)
                .orElseThrow(() -> ProblemException.unavailable("otp_unavailable",
                        "the provider that sent this code ('" + challenge.provider()
                                + "') is not available; request a new code"));
        return guard.call(provider, "check", p -> p.verifier().check(phone, code))
                .exceptionally(failure -> {
                    throw new CompletionException(toProblem(providerProblem(failure), provider.id()));
                })
                .thenApplyAsync(check -> conclude(check, challenge, phone, s), followUps);
    }

    /**
     * A code Nerava made: compared here, and the attempt counted in the same transaction that uses the challenge when
     * the code is right (one commit for the whole check). Nothing of the comparison leaves before that commit.
     */
    private Verified checkLocally(Challenge challenge, String phone, String code, AuthSettings s, long now) {
        boolean right = s.codes().matches(challenge.codeHmac(), challenge.id(), phone, code);
        String token = right ? SessionTokens.newToken() : null;
        AuthStore.Attempt attempt = store.attemptCode(challenge.id(), phone, s.maxAttempts(), now,
                right ? SessionTokens.sha256(token) : null, s.sessionTtl().toMillis());
        if (attempt instanceof AuthStore.Attempt.Right signedIn) {
            return signedIn(token, signedIn.signIn(), challenge, s);
        }
        if (attempt instanceof AuthStore.Attempt.Wrong wrong) {
            throw wrongCode(wrong.attempts(), challenge, s, now);
        }
        refuseUnusable(store.challenge(challenge.id()).orElse(challenge), s, clock.millis());
        throw ProblemException.badRequest("invalid_code", "request a new code");
    }

    private Verified conclude(OtpCheck check, Challenge challenge, String phone, AuthSettings s) {
        long now = clock.millis();
        switch (check) {
            case APPROVED -> {
                String token = SessionTokens.newToken();
                SignIn signIn = store.consumeAndSignIn(challenge.id(), phone, SessionTokens.sha256(token), now,
                        s.sessionTtl().toMillis())
                        .orElseThrow(() -> ProblemException.badRequest("invalid_code",
                                "this code was already used; request a new one"));
                return signedIn(token, signIn, challenge, s);
            }
            case EXPIRED -> throw ProblemException.badRequest("code_expired",
                    "the code has expired; request a new one");
            case MAX_ATTEMPTS -> throw locked(challenge, s, now);
            default -> throw wrongCode(
                    store.challenge(challenge.id()).map(Challenge::attempts).orElse(s.maxAttempts()), challenge, s, now);
        }
    }

    private Verified signedIn(String token, SignIn signIn, Challenge challenge, AuthSettings s) {
        Map<String, Object> props = new HashMap<>();
        props.put(EventTopics.PROP_PROVIDER, challenge.provider());
        props.put(EventTopics.PROP_DRIVER, signIn.driver().publicId());
        props.put("new_driver", signIn.newDriver());
        publish(EventTopics.OTP_VERIFIED, props);
        return new Verified(token, s.sessionTtl().toSeconds(), signIn.driver());
    }

    /** @param attempts the challenge's attempts, the wrong one included */
    private static ProblemException wrongCode(int attempts, Challenge challenge, AuthSettings s, long now) {
        if (attempts >= s.maxAttempts()) {
            return locked(challenge, s, now);
        }
        int left = s.maxAttempts() - attempts;
        return ProblemException.badRequest("invalid_code",
                "wrong code; " + left + (left == 1 ? " attempt" : " attempts") + " left");
    }

    /** Revokes the session of this token. */
    public boolean signOut(String token, String driverPublicId) {
        boolean revoked = SessionTokens.isWellFormed(token) && store.revokeSession(SessionTokens.sha256(token),
                clock.millis());
        if (revoked) {
            publish(EventTopics.SIGNED_OUT, Map.of(EventTopics.PROP_DRIVER, driverPublicId));
        }
        return revoked;
    }

    private void refuseUnusable(Challenge challenge, AuthSettings s, long now) {
        if (challenge.status() == ChallengeStatus.VERIFIED) {
            throw ProblemException.badRequest("invalid_code", "this code was already used; request a new one");
        }
        if (challenge.isExpired(now)) {
            throw ProblemException.badRequest("code_expired", "the code has expired; request a new one");
        }
        if (challenge.attempts() >= s.maxAttempts()) {
            throw locked(challenge, s, now);
        }
    }

    private static ProblemException locked(Challenge challenge, AuthSettings s, long now) {
        long wait = Math.max(1, (challenge.createdAt() + s.resendInterval().toMillis() - now + 999) / 1000);
        return ProblemException.tooManyRequests("too_many_attempts",
                "too many wrong codes; request a new code", wait);
    }

    /** A flow ended with a problem for the driver: counted, and published without the number or the code. */
    private void refused(String meter, String provider, ProblemException problem) {
        record(meter, provider, problem.problem().getCode());
        Map<String, Object> props = new HashMap<>();
        props.put(EventTopics.PROP_REASON, problem.problem().getCode());
        if (provider != null) {
            props.put(EventTopics.PROP_PROVIDER, provider);
        }
        publish(EventTopics.OTP_FAILED, props);
    }

    private static Optional<AuthSettings.TestNumber> testNumber(AuthSettings s, String phone) {
        if (!s.devProfile()) {
            return Optional.empty();
        }
        return Optional.ofNullable(s.testNumbers().get(phone))
                .filter(t -> t.isValidOn(LocalDate.now(ZoneOffset.UTC)));
    }

    private static String limitDetail(String limit) {
        return switch (limit) {
            case "resend_cooldown" -> "a code was just sent to this number; wait before asking for another";
            case "phone" -> "too many codes were sent to this number; try again later";
            case "client" -> "too many codes were requested from this address; try again later";
            case PumpingGuard.PREFIX -> "too many codes were sent to numbers like this one; try again later";
            case AuthStore.DAILY_BUDGET -> "sign-in has sent all the codes it may send today; try again later";
            default -> "sign-in is busy; try again later";
        };
    }

    private static ProblemException unavailable(List<String> chain) {
        return ProblemException.unavailable("otp_unavailable", chain.isEmpty()
                ? "no OTP provider is configured"
                : "no OTP provider is available (configured: " + String.join(", ", chain) + ")");
    }

    private static OtpProviderException providerProblem(Throwable failure) {
        Throwable t = Failures.unwrap(failure);
        return t instanceof OtpProviderException known ? known
                : new OtpProviderException(OtpProviderException.Reason.UNAVAILABLE, null, String.valueOf(t), t);
    }

    private static ProblemException toProblem(OtpProviderException e, String provider) {
        return switch (e.reason()) {
            case INVALID_PHONE -> ProblemException.badRequest("invalid_phone", "this number cannot receive codes");
            case RATE_LIMITED -> ProblemException.tooManyRequests("rate_limited",
                    "the SMS provider is limiting codes for this number; try again later", 60);
            case REFUSED -> ProblemException.unprocessable("phone_refused",
                    "codes cannot be sent to this number or region");
            case TIMEOUT -> new ProblemException(Problem.of(504, "otp_timeout",
                    "OTP provider timeout", "the OTP provider '" + provider + "' did not answer in time; try again"));
            case MISCONFIGURED, UNAVAILABLE -> ProblemException.unavailable("otp_unavailable",
                    "the OTP provider '" + provider + "' is not working; try again later");
        };
    }

    static final String START_METER = "nerava.otp.starts";
    static final String VERIFY_METER = "nerava.otp.verifies";

    /** @param provider null when the flow ended before any provider was chosen */
    private void record(String meter, String provider, String outcome) {
        Meters m = meters;
        if (m != null) {
            m.count(meter, START_METER.equals(meter) ? "Code sends asked for, by provider and outcome"
                    : "Code checks, by provider and outcome", "provider", provider == null ? "none" : provider,
                    "outcome", outcome);
        }
    }

    private void publish(String topic, Map<String, ?> properties) {
        EventAdmin admin = events;
        if (admin != null) {
            Map<String, Object> props = new HashMap<>(properties);
            props.put(EventTopics.PROP_TIMESTAMP, clock.millis());
            admin.postEvent(new Event(topic, props));
        }
    }
}
