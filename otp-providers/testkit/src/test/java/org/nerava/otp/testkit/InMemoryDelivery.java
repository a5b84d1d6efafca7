package org.nerava.otp.testkit;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.nerava.otp.spi.CodeDelivery;
import org.nerava.otp.spi.CodeMessage;
import org.nerava.otp.spi.Diagnosis;
import org.nerava.otp.spi.OtpProviderException;
import org.nerava.otp.spi.OtpProviders;
import org.nerava.otp.spi.OtpReceipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A delivery whose "backend" is a counter, well-behaved unless told to break one rule. */
final class InMemoryDelivery implements CodeDelivery {

    enum Backend { WORKS, FAILS, HANGS }

    enum Misbehaviour { BLOCKS_THE_CALLER, LOGS_THE_CODE, DIAGNOSE_SENDS, KEEPS_A_THREAD, THROWS, OWN_EXCEPTION }

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryDelivery.class);

    private final Backend backend;
    private final Set<Misbehaviour> misbehaviours;
    private final AtomicInteger sent;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "in-memory-delivery"));
    private final Thread leaked;

    InMemoryDelivery(Backend backend, AtomicInteger sent, Set<Misbehaviour> misbehaviours) {
        this.backend = backend;
        this.sent = sent;
        this.misbehaviours = misbehaviours;
        if (misbehaviours.contains(Misbehaviour.KEEPS_A_THREAD)) {
            leaked = new Thread(() -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "in-memory-delivery-leaked");
            leaked.setDaemon(true);
            leaked.start();
        } else {
            leaked = null;
        }
    }

    @Override
    public CompletionStage<OtpReceipt> deliver(CodeMessage message) {
        if (misbehaviours.contains(Misbehaviour.THROWS) && backend == Backend.FAILS) {
            throw new IllegalStateException("backend down");
        }
        if (misbehaviours.contains(Misbehaviour.BLOCKS_THE_CALLER)) {
            sleep(1_000);
        }
        if (misbehaviours.contains(Misbehaviour.LOGS_THE_CODE)) {
            LOG.info("sending {} to {}", message.code(), message.phoneE164());
        } else {
            LOG.info("sending a code to {}", OtpProviders.maskPhone(message.phoneE164()));
        }
        return CompletableFuture.supplyAsync(() -> {
            switch (backend) {
                case FAILS -> {
                    if (misbehaviours.contains(Misbehaviour.OWN_EXCEPTION)) {
                        throw new IllegalStateException("backend answered 500");
                    }
                    throw new OtpProviderException(OtpProviderException.Reason.UNAVAILABLE, "backend answered 500");
                }
                case HANGS -> sleep(60_000);
                default -> sent.incrementAndGet();
            }
            return new OtpReceipt("m-" + sent.get());
        }, executor);
    }

    @Override
    public CompletionStage<Diagnosis> diagnose() {
        if (misbehaviours.contains(Misbehaviour.DIAGNOSE_SENDS)) {
            sent.incrementAndGet();
        }
        return CompletableFuture.completedFuture(backend == Backend.WORKS ? Diagnosis.healthy("backend reachable")
                : Diagnosis.unhealthy("backend " + backend.name().toLowerCase()));
    }

    void deactivate() {
        executor.shutdownNow();
        if (leaked != null && !misbehaviours.contains(Misbehaviour.KEEPS_A_THREAD)) {
            leaked.interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
