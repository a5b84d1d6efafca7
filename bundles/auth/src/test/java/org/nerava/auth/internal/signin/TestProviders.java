package org.nerava.auth.internal.signin;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.nerava.otp.spi.CodeDelivery;
import org.nerava.otp.spi.CodeMessage;
import org.nerava.otp.spi.Diagnosis;
import org.nerava.otp.spi.OtpCheck;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.otp.spi.OtpReceipt;
import org.nerava.otp.spi.OtpRequest;
import org.nerava.otp.spi.OtpVerifier;

/** Providers that behave in the ways the sign-in flow must survive. */
final class TestProviders {

    private TestProviders() {
    }

    /** Delivers at once and remembers every message, so a test can read the code like a driver would. */
    static class Inbox implements CodeDelivery {
        final List<CodeMessage> messages = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<OtpReceipt> deliver(CodeMessage message) {
            messages.add(message);
            return CompletableFuture.completedFuture(new OtpReceipt("inbox-" + messages.size()));
        }

        @Override
        public CompletionStage<Diagnosis> diagnose() {
            return CompletableFuture.completedFuture(Diagnosis.healthy("inbox"));
        }

        String lastCode() {
            return messages.get(messages.size() - 1).code();
        }
    }

    /** Fails every delivery with the given reason. */
    static final class Failing implements CodeDelivery {
        private final OtpProviderException.Reason reason;

        Failing(OtpProviderException.Reason reason) {
            this.reason = reason;
        }

        @Override
        public CompletionStage<OtpReceipt> deliver(CodeMessage message) {
            return CompletableFuture.failedFuture(new OtpProviderException(reason, "E1", "refused by test", null));
        }

        @Override
        public CompletionStage<Diagnosis> diagnose() {
            return CompletableFuture.completedFuture(Diagnosis.unhealthy("failing"));
        }
    }

    /** Throws instead of returning a stage, as a careless provider might. */
    static final class Throwing implements CodeDelivery {
        @Override
        public CompletionStage<OtpReceipt> deliver(CodeMessage message) {
            throw new IllegalStateException("connection refused");
        }

        @Override
        public CompletionStage<Diagnosis> diagnose() {
            throw new IllegalStateException("connection refused");
        }
    }

    /** Returns a stage that never completes. */
    static final class Hanging implements CodeDelivery {
        @Override
        public CompletionStage<OtpReceipt> deliver(CodeMessage message) {
            return new CompletableFuture<>();
        }

        @Override
        public CompletionStage<Diagnosis> diagnose() {
            return new CompletableFuture<>();
        }
    }

    /** Blocks the calling thread until interrupted, as a provider doing blocking network I/O without a timeout. */
    static final class Blocking implements CodeDelivery {
        final AtomicBoolean interrupted = new AtomicBoolean();
        final CountDownLatch entered = new CountDownLatch(1);

        @Override
        public CompletionStage<OtpReceipt> deliver(CodeMessage message) {
            entered.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.set(true);
                Thread.currentThread().interrupt();
            }
            return new CompletableFuture<>();
        }

        @Override
        public CompletionStage<Diagnosis> diagnose() {
            return new CompletableFuture<>();
        }
    }

    /** A verification service that owns its codes: accepts {@link #code} for any phone it started. */
    static final class Verifier implements OtpVerifier {
        final List<String> started = new CopyOnWriteArrayList<>();
        volatile String code = "424242";
        volatile OtpCheck forced;

        @Override
        public CompletionStage<OtpReceipt> start(OtpRequest request) {
            started.add(request.phoneE164());
            return CompletableFuture.completedFuture(new OtpReceipt("VE" + started.size()));
        }

        @Override
        public CompletionStage<OtpCheck> check(String phoneE164, String typed) {
            if (forced != null) {
                return CompletableFuture.completedFuture(forced);
            }
            return CompletableFuture.completedFuture(
                    started.contains(phoneE164) && code.equals(typed) ? OtpCheck.APPROVED : OtpCheck.REJECTED);
        }

        @Override
        public CompletionStage<Diagnosis> diagnose() {
            return CompletableFuture.completedFuture(new Diagnosis(true, "verifier", Map.of()));
        }
    }
}
