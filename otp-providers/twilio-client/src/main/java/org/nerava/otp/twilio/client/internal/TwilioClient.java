package org.nerava.otp.twilio.client.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.nerava.otp.spi.Diagnosis;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.otp.spi.OtpProviderException.Reason;
import org.nerava.otp.spi.OtpProviders;
import org.nerava.otp.twilio.client.TwilioAccount;
import org.nerava.otp.twilio.client.TwilioErrorCodes;
import org.nerava.otp.twilio.client.TwilioMessage;
import org.nerava.otp.twilio.client.TwilioProduct;
import org.nerava.otp.twilio.client.TwilioVerification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.Account;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.rest.verify.v2.Service;
import com.twilio.rest.verify.v2.service.Verification;
import com.twilio.rest.verify.v2.service.VerificationCheck;
import com.twilio.type.PhoneNumber;

/**
 * The Twilio account behind the façade: the SDK's REST client on {@link TwilioTransport}, a bounded pool of
 * threads with a bounded queue, and a deadline per call. Building it does no I/O (no DNS, no connection).
 */
public final class TwilioClient implements TwilioAccount, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioClient.class);

    /** Calls that may wait for a thread, per thread; beyond that, callers hear UNAVAILABLE at once. */
    private static final int QUEUE_PER_THREAD = 8;

    /** Message statuses that mean Twilio has taken the message (or already delivered it). */
    private static final Set<Message.Status> ACCEPTED = Set.of(Message.Status.QUEUED, Message.Status.ACCEPTED,
            Message.Status.SCHEDULED, Message.Status.SENDING, Message.Status.SENT, Message.Status.DELIVERED);

    /** Languages Twilio Verify writes its message in; other locales are left to Twilio (it picks by country). */
    private static final Set<String> VERIFY_LANGUAGES = Set.of("af", "ar", "ca", "cs", "da", "de", "el", "en", "es",
            "et", "fi", "fr", "he", "hi", "hr", "hu", "id", "it", "ja", "ko", "lt", "ms", "nb", "nl", "pl", "pt", "ro",
            "ru", "sv", "th", "tl", "tr", "uk", "vi", "zh");

    private final TwilioSettings settings;
    private final TwilioRestClient rest;
    private final TwilioTransport transport;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor deadlines;

    /** A client for these settings; when they have problems, every call fails at once and nothing is built. */
    TwilioClient(TwilioSettings settings) {
        this.settings = settings;
        if (settings.accountProblems().isEmpty()) {
            this.transport = new TwilioTransport(settings);
            this.rest = new TwilioRestClient.Builder(settings.accountSid, settings.authToken).httpClient(transport).build();
        } else {
            this.transport = null;
            this.rest = null;
        }
        AtomicInteger number = new AtomicInteger();
        int threads = Math.max(1, Math.min(settings.threads, TwilioSettings.MAX_THREADS));
        this.workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(threads * QUEUE_PER_THREAD), task -> {
                    Thread thread = new Thread(task, "nerava-twilio-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.workers.allowCoreThreadTimeOut(true);
        this.deadlines = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "nerava-twilio-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        this.deadlines.setRemoveOnCancelPolicy(true);
    }

    TwilioSettings settings() {
        return settings;
    }

    @Override
    public List<String> configurationProblems(TwilioProduct product) {
        return settings.problems(product);
    }

    @Override
    public String smsTemplate() {
        return settings.smsTemplate;
    }

    @Override
    public CompletionStage<TwilioVerification> verifyStart(String phoneE164, String channel, Locale locale) {
        return submit(TwilioProduct.VERIFY, "Verify start", phoneE164, settings.deadline(), () -> {
            var creator = Verification.creator(settings.verifyServiceSid, phoneE164, channel);
            String language = verifyLocale(locale);
            if (language != null) {
                creator.setLocale(language);
            }
            Verification verification = creator.create(rest);
            return new TwilioVerification(verification.getSid(), verification.getStatus());
        });
    }

    @Override
    public CompletionStage<String> verifyCheck(String phoneE164, String code) {
        return submit(TwilioProduct.VERIFY, "Verify check", phoneE164, settings.deadline(), () -> {
            VerificationCheck check = VerificationCheck.creator(settings.verifyServiceSid).setTo(phoneE164).setCode(code)
                    .create(rest);
            return check.getStatus();
        });
    }

    @Override
    public CompletionStage<TwilioMessage> sendMessage(String toE164, String body) {
        return submit(TwilioProduct.MESSAGING, "SMS", toE164, settings.deadline(), () -> {
            MessageCreator creator;
            if (!settings.messagingServiceSid.isEmpty()) {
                creator = Message.creator(new PhoneNumber(toE164), settings.messagingServiceSid, body);
                if (!settings.fromNumber.isEmpty()) {
                    creator.setFrom(settings.fromNumber);
                }
            } else {
                creator = Message.creator(new PhoneNumber(toE164), new PhoneNumber(settings.fromNumber), body);
            }
            Message message = creator.create(rest);
            if (message.getStatus() != null && !ACCEPTED.contains(message.getStatus())) {
                Integer error = message.getErrorCode();
                throw new OtpProviderException(Reason.UNAVAILABLE, error == null ? null : error.toString(),
                        "Twilio SMS to " + OtpProviders.maskPhone(toE164) + " " + message.getStatus()
                                + (error == null ? "" : " (Twilio " + error + ")"), null);
            }
            return new TwilioMessage(message.getSid(), message.getStatus() == null ? null : message.getStatus().toString());
        });
    }

    @Override
    public CompletionStage<Diagnosis> diagnose(TwilioProduct product) {
        List<String> problems = settings.problems(product);
        if (!problems.isEmpty()) {
            return CompletableFuture.completedFuture(new Diagnosis(false, "not configured: " + String.join("; ", problems),
                    Map.of("reason", Reason.MISCONFIGURED.name(), "provider_code", TwilioErrorCodes.NOT_CONFIGURED)));
        }
        long started = System.nanoTime();
        // Two reads, so twice the budget of one call.
        CompletionStage<Diagnosis> reads = submit(product, "diagnose", null, settings.deadline().multipliedBy(2), () -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("api", settings.apiBaseUrl == null ? "Twilio" : settings.apiBaseUrl.toString());
            List<String> found = new ArrayList<>();
            Account account = Account.fetcher(settings.accountSid).fetch(rest);
            String accountStatus = account.getStatus() == null ? "unknown" : account.getStatus().toString();
            details.put("account_status", accountStatus);
            found.add("account " + accountStatus);
            if (product == TwilioProduct.VERIFY) {
                Service service = Service.fetcher(settings.verifyServiceSid).fetch(rest);
                details.put("verify_service", String.valueOf(service.getFriendlyName()));
                if (service.getCodeLength() != null) {
                    details.put("code_length", service.getCodeLength());
                }
                found.add("Verify service '" + service.getFriendlyName() + "'");
            } else if (!settings.messagingServiceSid.isEmpty()) {
                var service = com.twilio.rest.messaging.v1.Service.fetcher(settings.messagingServiceSid).fetch(rest);
                details.put("messaging_service", String.valueOf(service.getFriendlyName()));
                found.add("messaging service '" + service.getFriendlyName() + "'");
            } else {
                details.put("from", OtpProviders.maskPhone(settings.fromNumber));
            }
            details.put("latency_ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
            boolean active = account.getStatus() == null || account.getStatus() == Account.Status.ACTIVE;
            return new Diagnosis(active, String.join(", ", found), details);
        });
        return reads.exceptionally(failure -> {
            OtpProviderException problem = unwrap(failure);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reason", problem.reason().name());
            if (problem.providerCode() != null) {
                details.put("provider_code", problem.providerCode());
            }
            return new Diagnosis(false, problem.getMessage(), details);
        });
    }

    /** Stops the threads and closes connections; calls still open fail with UNAVAILABLE. */
    @Override
    public void close() {
        for (Runnable queued : workers.shutdownNow()) {
            if (queued instanceof Task<?> task) {
                task.call.cancel("the Twilio client stopped");
            }
        }
        deadlines.shutdownNow();
        if (transport != null) {
            transport.close();
        }
    }

    /** One request's work, on a worker thread, in the SDK's terms. */
    @FunctionalInterface
    interface SdkWork<T> {
        T run();
    }

    private <T> CompletionStage<T> submit(TwilioProduct product, String operation, String phone, Duration deadline,
            SdkWork<T> work) {
        TwilioCall<T> call = new TwilioCall<>(operation, phone == null ? null : OtpProviders.maskPhone(phone));
        List<String> problems = settings.problems(product);
        if (!problems.isEmpty()) {
            return CompletableFuture.failedFuture(new OtpProviderException(Reason.MISCONFIGURED,
                    TwilioErrorCodes.NOT_CONFIGURED, "Twilio " + operation + " not sent: " + String.join("; ", problems),
                    null));
        }
        try {
            workers.execute(new Task<>(call, work));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new OtpProviderException(Reason.UNAVAILABLE, TwilioErrorCodes.BUSY,
                    "Twilio " + operation + call.describeTo() + " not sent: all " + workers.getMaximumPoolSize()
                            + " Twilio threads busy and " + workers.getQueue().size() + " calls waiting", null));
        }
        long millis = deadline.toMillis();
        try {
            ScheduledFuture<?> timer = deadlines.schedule(() -> call.expire(millis), millis, TimeUnit.MILLISECONDS);
            call.result.whenComplete((value, failure) -> timer.cancel(false));
        } catch (RejectedExecutionException e) {
            call.cancel("the Twilio client stopped");
        }
        return call.result.minimalCompletionStage();
    }

    private static OtpProviderException unwrap(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && !(t instanceof OtpProviderException)) {
            t = t.getCause();
        }
        return t instanceof OtpProviderException known ? known
                : new OtpProviderException(Reason.UNAVAILABLE, null, String.valueOf(failure.getMessage()), null);
    }

    private static String verifyLocale(Locale locale) {
        if (locale == null) {
            return null;
        }
        String language = locale.getLanguage();
        if ("pt".equals(language) && "BR".equals(locale.getCountry())) {
            return "pt-BR";
        }
        if ("en".equals(language) && "GB".equals(locale.getCountry())) {
            return "en-GB";
        }
        if ("zh".equals(language) && "HK".equals(locale.getCountry())) {
            return "zh-HK";
        }
        return VERIFY_LANGUAGES.contains(language) ? language : null;
    }

    /** A call on a worker thread: runs only if its deadline has not passed in the queue. */
    private static final class Task<T> implements Runnable {

        final TwilioCall<T> call;
        private final SdkWork<T> work;

        Task(TwilioCall<T> call, SdkWork<T> work) {
            this.call = call;
            this.work = work;
        }

        @Override
        public void run() {
            if (!call.start()) {
                return;
            }
            TwilioCall.CURRENT.set(call);
            long started = System.nanoTime();
            try {
                T value = work.run();
                call.result.complete(value);
                LOG.debug("Twilio {}{} answered in {} ms", call.operation, call.describeTo(),
                        (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException | Error e) {
                OtpProviderException problem = TwilioFailures.of(e, call);
                if (call.result.completeExceptionally(problem) && !problem.isProviderFault()) {
                    // Answers about the number: the registry does not log these, an operator may want them.
                    LOG.info("{}", problem.getMessage());
                }
            } finally {
                TwilioCall.CURRENT.remove();
            }
        }
    }
}
