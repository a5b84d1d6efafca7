package org.nerava.platform.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Answers of outside services read with a limit, for {@code java.net.http.HttpClient}: a far end that streams more
 * than it should (a proxy's error page, a compromised or broken host) is a faulty answer after {@code maxBytes}, not a
 * heap to fill or a connection to keep reading. Past the limit the body is no longer read (the connection is closed)
 * and the exchange fails with {@link TooLarge}. Time is not bounded here: bound the exchange's future too.
 */
public final class LimitedBodies {

    private LimitedBodies() {
    }

    /** The answer was longer than the limit; what was read of it is dropped. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
        private final long limit;

        public TooLarge(long limit) {
            super("the answer is longer than " + limit + " bytes; not read further");
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }

        /** The {@link TooLarge} in this failure's causes, or null: the client wraps it once or twice. */
        public static TooLarge in(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof TooLarge tooLarge) {
                    return tooLarge;
                }
            }
            return null;
        }
    }

    /** The body as UTF-8 text, at most {@code maxBytes} of it. */
    public static BodyHandler<String> ofString(long maxBytes) {
        return info -> new Limited<>(maxBytes, true, bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /** The body read and dropped, at most {@code maxBytes} of it (the status and headers are what counts). */
    public static BodyHandler<Void> discarding(long maxBytes) {
        return info -> new Limited<>(maxBytes, false, bytes -> null);
    }

    private interface Finish<T> {
        T apply(byte[] bytes);
    }

    private static final class Limited<T> implements BodySubscriber<T> {
        private final long maxBytes;
        private final ByteArrayOutputStream kept;
        private final Finish<T> finish;
        private final CompletableFuture<T> body = new CompletableFuture<>();
        private Flow.Subscription subscription;
        private long received;

        Limited(long maxBytes, boolean keep, Finish<T> finish) {
            this.maxBytes = maxBytes;
            this.kept = keep ? new ByteArrayOutputStream() : null;
            this.finish = finish;
        }

        @Override
        public CompletionStage<T> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return; // items already on their way when the subscription was cancelled
            }
            for (ByteBuffer buffer : buffers) {
                received += buffer.remaining();
                if (received > maxBytes) {
                    subscription.cancel();
                    body.completeExceptionally(new TooLarge(maxBytes));
                    return;
                }
                if (kept != null) {
                    byte[] chunk = new byte[buffer.remaining()];
                    buffer.get(chunk);
                    kept.write(chunk, 0, chunk.length);
                }
            }
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(finish.apply(kept == null ? new byte[0] : kept.toByteArray()));
        }
    }
}
