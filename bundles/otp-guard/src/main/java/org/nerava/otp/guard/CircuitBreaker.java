package org.nerava.otp.guard;

import java.time.Duration;

/**
 * One provider's circuit breaker. Closed, it lets every call through and counts consecutive provider faults; at the
 * threshold it opens and refuses calls (so sign-in falls back at once instead of waiting on a provider known to be
 * failing) until the open period has passed; then it lets exactly one probe through (half-open): the probe's success
 * closes it, anything else the probe meets (a fault, an unhealthy diagnosis) opens it again. Only the probe decides:
 * a late answer of a call let through before the circuit opened changes nothing. Answers about a number (invalid
 * phone, rate limited, refused) are not faults. Every change of state is told to the {@link Changes} once.
 */
public final class CircuitBreaker {

    /** Where the circuit stands. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    /** Hears each change of state once, on the thread that caused it (outside the breaker's lock). */
    public interface Changes {
        void changed(State from, State to, String why);

        Changes NONE = (from, to, why) -> { };
    }

    /** A call this breaker let through; the probe is the one call that decides a half-open circuit. */
    record Permit(boolean probe) {
        static final Permit CALL = new Permit(false);
        static final Permit PROBE = new Permit(true);
    }

    private record Change(State from, State to, String why) {
    }

    private final Changes changes;
    private volatile int threshold;
    private volatile Duration openFor;
    private State state = State.CLOSED;
    private int consecutiveFaults;
    private long openUntil;
    private boolean probeInFlight;

    CircuitBreaker(int threshold, Duration openFor) {
        this(threshold, openFor, Changes.NONE);
    }

    CircuitBreaker(int threshold, Duration openFor, Changes changes) {
        this.changes = changes;
        configure(threshold, openFor);
    }

    void configure(int threshold, Duration openFor) {
        this.threshold = Math.max(1, threshold);
        this.openFor = openFor;
    }

    /** @return the permit of a call that may go out now, or null when the circuit refuses it */
    Permit tryAcquire(long now) {
        Change change = null;
        Permit permit;
        synchronized (this) {
            switch (state) {
                case CLOSED:
                    permit = Permit.CALL;
                    break;
                case OPEN:
                    if (now < openUntil) {
                        permit = null;
                        break;
                    }
                    change = new Change(state, State.HALF_OPEN, "open period over; the next call is the probe");
                    state = State.HALF_OPEN;
                    probeInFlight = true;
                    permit = Permit.PROBE;
                    break;
                default:
                    if (probeInFlight) {
                        permit = null;
                    } else {
                        probeInFlight = true;
                        permit = Permit.PROBE;
                    }
            }
        }
        tell(change);
        return permit;
    }

    /** The probe this breaker let through was not sent after all (refused elsewhere): the next call may be it. */
    synchronized void probeNotSent(Permit permit) {
        if (permit.probe() && state == State.HALF_OPEN) {
            probeInFlight = false;
        }
    }

    /** The provider answered (an answer about the number included). */
    void onSuccess(Permit permit) {
        Change change = null;
        synchronized (this) {
            if (state == State.CLOSED) {
                consecutiveFaults = 0;
            } else if (permit.probe() && state == State.HALF_OPEN) {
                change = new Change(state, State.CLOSED, "the probe succeeded");
                state = State.CLOSED;
                consecutiveFaults = 0;
                probeInFlight = false;
            }
        }
        tell(change);
    }

    /** The provider failed this call (or diagnosed itself unhealthy); {@code why} says how, for the log. */
    void onFault(Permit permit, long now, String why) {
        Change change = null;
        synchronized (this) {
            if (state == State.CLOSED) {
                consecutiveFaults++;
                if (consecutiveFaults >= threshold) {
                    change = new Change(state, State.OPEN, consecutiveFaults + " consecutive faults, the last: " + why);
                    open(now);
                }
            } else if (permit.probe() && state == State.HALF_OPEN) {
                consecutiveFaults++;
                change = new Change(state, State.OPEN, "the probe failed: " + why);
                open(now);
            }
        }
        tell(change);
    }

    private void open(long now) {
        state = State.OPEN;
        openUntil = now + openFor.toMillis();
        probeInFlight = false;
    }

    private void tell(Change change) {
        if (change != null) {
            changes.changed(change.from(), change.to(), change.why());
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
