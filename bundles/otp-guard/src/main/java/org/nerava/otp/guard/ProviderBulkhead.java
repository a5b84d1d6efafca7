package org.nerava.otp.guard;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One provider's share of the threads that run provider code: at most {@code threads} of its calls run at once and
 * at most {@code queue} more wait; a call beyond that is refused at once, so a provider that holds all of its own
 * share never delays another. A call still running when its caller gives up (its deadline passed, its provider went
 * away) is interrupted and abandoned: Java cannot take the thread back, so it keeps its place and counts as stuck
 * until its code returns. When every thread of the share is stuck, calls are refused at once instead of waiting for
 * a thread that may never come back.
 */
final class ProviderBulkhead {

    /** What {@link Ticket#abandon()} found. */
    enum Abandoned {
        /** The call was still waiting for a thread: it was taken out of the queue and will never run. */
        NEVER_STARTED,
        /** The call's code is still running: its thread was interrupted and the call counts as stuck. */
        STUCK,
        /** The call's code had returned already (an asynchronous answer may still be pending). */
        RETURNED
    }

    private final Executor threads;
    private int maxRunning;
    private int maxWaiting;
    private int running;
    private int stuck;
    private final ArrayDeque<Ticket> waiting = new ArrayDeque<>();

    /** @param threads where calls run; the bulkhead bounds how many of this provider's calls it is given */
    ProviderBulkhead(Executor threads, int maxRunning, int maxWaiting) {
        this.threads = threads;
        resize(maxRunning, maxWaiting);
    }

    synchronized void resize(int maxRunning, int maxWaiting) {
        this.maxRunning = Math.max(1, maxRunning);
        this.maxWaiting = Math.max(0, maxWaiting);
        startWaiting();
    }

    /**
     * Runs the work now if a thread of the share is free, queues it if there is room, refuses it otherwise.
     *
     * @throws RejectedExecutionException saying why, when the call is beyond the share
     */
    synchronized Ticket admit(Runnable work) {
        if (stuck >= maxRunning) {
            throw new RejectedExecutionException("all " + maxRunning + " of its threads are held by calls that did"
                    + " not return after their deadline");
        }
        Ticket ticket = new Ticket(work);
        if (running < maxRunning) {
            start(ticket);
        } else if (waiting.size() < maxWaiting) {
            waiting.add(ticket);
        } else {
            throw new RejectedExecutionException(running + " calls running (" + stuck + " stuck) and " + waiting.size()
                    + " waiting, its share");
        }
        return ticket;
    }

    /** Calls whose caller gave up while their code was running, and whose code has not returned yet. */
    synchronized int stuckCalls() {
        return stuck;
    }

    synchronized int runningCalls() {
        return running;
    }

    synchronized int waitingCalls() {
        return waiting.size();
    }

    private void start(Ticket ticket) {
        running++;
        ticket.started = true;
        try {
            threads.execute(ticket::run);
        } catch (RejectedExecutionException e) {
            running--; // the guard is closing: the call's deadline answers its caller
            ticket.finished = true;
        }
    }

    private void startWaiting() {
        while (running < maxRunning && !waiting.isEmpty()) {
            start(waiting.poll());
        }
    }

    private synchronized void finished(Ticket ticket) {
        ticket.finished = true;
        ticket.runner = null;
        running--;
        if (ticket.abandoned) {
            stuck--;
        }
        startWaiting();
    }

    /** One call's place in the bulkhead. */
    final class Ticket {

        private final Runnable work;
        private boolean started;
        private boolean finished;
        private boolean abandoned;
        private Thread runner;

        private Ticket(Runnable work) {
            this.work = work;
        }

        private void run() {
            synchronized (ProviderBulkhead.this) {
                runner = Thread.currentThread();
            }
            try {
                if (!isAbandoned()) { // given up on between admission and this thread starting
                    work.run();
                }
            } finally {
                finished(this);
                Thread.interrupted(); // an interrupt meant for this call must not reach the thread's next one
            }
        }

        private boolean isAbandoned() {
            synchronized (ProviderBulkhead.this) {
                return abandoned;
            }
        }

        /**
         * The caller gives up on this call. A waiting call is dropped; a running one is interrupted and counted
         * stuck until its code returns. From the call's own thread (it answered while still running) nothing
         * changes: that is not giving up.
         */
        Abandoned abandon() {
            synchronized (ProviderBulkhead.this) {
                if (!started) {
                    waiting.remove(this);
                    finished = true;
                    return Abandoned.NEVER_STARTED;
                }
                if (finished || runner == Thread.currentThread()) {
                    return Abandoned.RETURNED;
                }
                if (!abandoned) {
                    abandoned = true;
                    stuck++;
                    if (runner != null) {
                        runner.interrupt();
                    }
                }
                return Abandoned.STUCK;
            }
        }
    }
}
