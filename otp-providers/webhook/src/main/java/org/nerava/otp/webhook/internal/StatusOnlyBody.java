package org.nerava.otp.webhook.internal;

import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * The receiver's answer is its status, known as soon as the headers arrive: the exchange completes then, whatever
 * follows. The body is read in the background only so the connection can serve the next delivery, and dropped; a
 * receiver that sends more than {@code maxBytes} of it, or is still sending after {@code readTimeout}, has its
 * connection closed. So neither a flood nor a drip after the headers can hold a delivery or fill memory.
 */
final class StatusOnlyBody implements BodySubscriber<Void> {

    private final long maxBytes;
    private final Duration readTimeout;
    private final Executor executor;
    private volatile Flow.Subscription subscription;
    private volatile boolean finished;
    private long received;

    StatusOnlyBody(long maxBytes, Duration readTimeout, Executor executor) {
        this.maxBytes = maxBytes;
        this.readTimeout = readTimeout;
        this.executor = executor;
    }

    @Override
    public CompletionStage<Void> getBody() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
        CompletableFuture.delayedExecutor(readTimeout.toMillis(), TimeUnit.MILLISECONDS, executor)
                .execute(this::stopReading);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            received += buffer.remaining();
        }
        if (received > maxBytes) {
            stopReading();
        }
    }

    @Override
    public void onError(Throwable failure) {
        finished = true;
    }

    @Override
    public void onComplete() {
        finished = true;
    }

    private void stopReading() {
        if (!finished) {
            finished = true;
            subscription.cancel();
        }
    }
}
