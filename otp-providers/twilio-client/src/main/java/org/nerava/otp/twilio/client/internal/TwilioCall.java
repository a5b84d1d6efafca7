package org.nerava.otp.twilio.client.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.hc.core5.concurrent.Cancellable;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.otp.spi.OtpProviderException.Reason;
import org.nerava.otp.twilio.client.TwilioErrorCodes;

/**
 * One façade call: its result, whether it has started, the HTTP exchange in progress (so the deadline can abort it),
 * and the last HTTP status seen. The worker thread runs it with {@link #CURRENT} set, which is how the transport,
 * deep inside the SDK, finds the call it works for.
 */
final class TwilioCall<T> {

    static final ThreadLocal<TwilioCall<?>> CURRENT = new ThreadLocal<>();

    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int OVER = 2;
    /** In {@link #exchange}: the deadline passed before any HTTP exchange started. */
    private static final Object EXPIRED = new Object();

    final String operation;
    final String maskedPhone;
    final CompletableFuture<T> result = new CompletableFuture<>();
    private final AtomicInteger state = new AtomicInteger(QUEUED);
    /** Null until the first HTTP exchange starts, then the latest exchange (or {@link #EXPIRED}). */
    private final AtomicReference<Object> exchange = new AtomicReference<>();
    private volatile boolean deadlinePassed;
    private volatile int lastStatus;

    TwilioCall(String operation, String maskedPhone) {
        this.operation = operation;
        this.maskedPhone = maskedPhone;
    }

    /** Claims the call for a worker; false when the deadline (or a shutdown) came first, and nothing may be sent. */
    boolean start() {
        return state.compareAndSet(QUEUED, RUNNING);
    }

    /**
     * The deadline: a call that has not begun an HTTP exchange is dropped (nothing was sent, so a fallback is safe);
     * one that has fails with TIMEOUT at once and its exchange is aborted, which frees the worker thread too.
     */
    void expire(long deadlineMillis) {
        if (state.compareAndSet(QUEUED, OVER)) {
            result.completeExceptionally(new OtpProviderException(Reason.UNAVAILABLE, TwilioErrorCodes.NOT_SENT,
                    "Twilio " + operation + describeTo() + " not sent: no free Twilio thread within " + deadlineMillis
                            + " ms", null));
        } else if (state.get() == RUNNING && !result.isDone()) {
            deadlinePassed = true;
            if (exchange.compareAndSet(null, EXPIRED)) {
                result.completeExceptionally(new OtpProviderException(Reason.UNAVAILABLE, TwilioErrorCodes.NOT_SENT,
                        "Twilio " + operation + describeTo() + " not sent: its deadline of " + deadlineMillis
                                + " ms passed before the request began", null));
                return;
            }
            result.completeExceptionally(new OtpProviderException(Reason.TIMEOUT, TwilioErrorCodes.READ_TIMEOUT,
                    "Twilio " + operation + describeTo() + ": no answer within " + deadlineMillis
                            + " ms (Twilio may have processed it)", null));
            abort();
        }
    }

    /** Fails a call that will never run (shutdown). */
    void cancel(String why) {
        if (state.compareAndSet(QUEUED, OVER)) {
            result.completeExceptionally(new OtpProviderException(Reason.UNAVAILABLE, TwilioErrorCodes.NOT_SENT,
                    "Twilio " + operation + describeTo() + " not sent: " + why, null));
        } else if (!result.isDone()) {
            result.completeExceptionally(new OtpProviderException(Reason.UNAVAILABLE, TwilioErrorCodes.NO_RESPONSE,
                    "Twilio " + operation + describeTo() + " interrupted: " + why, null));
            abort();
        }
    }

    /** Called by the transport when an HTTP exchange starts: from now on the deadline can abort it. */
    void attach(Cancellable request) {
        Object previous;
        do {
            previous = exchange.get();
            if (previous == EXPIRED) {
                request.cancel();
                return;
            }
        } while (!exchange.compareAndSet(previous, request));
        if (deadlinePassed || state.get() == OVER) {
            request.cancel();
        }
    }

    void answered(int httpStatus) {
        lastStatus = httpStatus;
    }

    /** The last HTTP status Twilio answered with, 0 if none. */
    int lastStatus() {
        return lastStatus;
    }

    boolean deadlinePassed() {
        return deadlinePassed;
    }

    String describeTo() {
        return maskedPhone == null ? "" : " to " + maskedPhone;
    }

    private void abort() {
        if (exchange.get() instanceof Cancellable current) {
            current.cancel();
        }
    }
}
