package org.nerava.otp.guard;

import java.time.Duration;

/**
 * One provider's circuit breaker. Closed, it lets every call through and counts consecutive provider faults; at the
 * threshold it opens and refuses calls (so sign-in falls back at once instead of waiting on a provider known to be
 * failing) until the open period has passed; then it lets exactly one probe through (half-open): success closes it,
 * a fault opens it again. Answers about a number (invalid phone, rate limited, refused) are not faults.
 */
public final class CircuitBreaker {

    /** Where the circuit stands. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private volatile int threshold;
    private volatile Duration openFor;
    private State state = State.CLOSED;
    private int consecutiveFaults;
    private long openUntil;
    private boolean probeInFlight;

    CircuitBreaker(int threshold, Duration openFor) {
        configure(threshold, openFor);
    }

    void configure(int threshold, Duration openFor) {
        this.threshold = Math.max(1, threshold);
        this.openFor = openFor;
    }

    /** @return whether a call may go out now; a true answer in half-open state is the one probe */
    synchronized boolean tryAcquire(long now) {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (now < openUntil) {
                    return false;
                }
                state = State.HALF_OPEN;
                probeInFlight = true;
                return true;
            default:
                if (probeInFlight) {
                    return false;
                }
                probeInFlight = true;
                return true;
        }
    }

    /** The probe this breaker let through was not sent after all (refused elsewhere): the next call may be it. */
    synchronized void probeNotSent() {
        probeInFlight = false;
    }

    synchronized void onSuccess() {
        state = State.CLOSED;
        consecutiveFaults = 0;
        probeInFlight = false;
    }

    synchronized void onFault(long now) {
        consecutiveFaults++;
        probeInFlight = false;
        if (state == State.HALF_OPEN || consecutiveFaults >= threshold) {
            state = State.OPEN;
            openUntil = now + openFor.toMillis();
        }
    }

    /** The state at {@code now} (epoch millis): an open circuit whose time is over is half-open. */
    public synchronized State state(long now) {
        return state == State.OPEN && now >= openUntil ? State.HALF_OPEN : state;
    }

    synchronized long openUntil() {
        return openUntil;
    }
}
