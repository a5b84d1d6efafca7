package org.nerava.rest.internal.runtime;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;

/**
 * One request counted into an application until it is done: when its servlet call returns, or, when it went
 * asynchronous, when its asynchronous cycle completes. The listener is attached the moment the application starts
 * asynchronous processing, so a response completed on another thread before the servlet call returns is not missed.
 * It is in the runtime's set of requests in flight from the moment the request arrives, before the runtime decides
 * where it goes, so that a resource leaving can wait for every request that may be in it.
 */
final class InFlight implements AsyncListener {

    private final String path;
    private final Set<InFlight> inFlight;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicBoolean released = new AtomicBoolean();
    private final Thread arrivedOn = Thread.currentThread();
    private volatile RestGeneration generation;
    private volatile boolean async;

    InFlight(String path, Set<InFlight> inFlight) {
        this.path = path;
        this.inFlight = inFlight;
        inFlight.add(this);
    }

    /** The request's path below the servlet, e.g. {@code /v1/merchants/favorites}. */
    String path() {
        return path;
    }

    /** True for the thread that received the request: that one cannot wait for it to be done. */
    boolean onCurrentThread() {
        return arrivedOn == Thread.currentThread();
    }

    /** Completed when the request is done. */
    CompletableFuture<Void> done() {
        return done;
    }

    /** Counted into this application: counted out of it when done. */
    void entered(RestGeneration application) {
        generation = application;
    }

    /** The request as the application sees it: starting asynchronous processing attaches this ticket. */
    HttpServletRequest watch(HttpServletRequest request) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public AsyncContext startAsync() {
                return attach(super.startAsync());
            }

            @Override
            public AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse) {
                return attach(super.startAsync(servletRequest, servletResponse));
            }
        };
    }

    boolean wentAsync() {
        return async;
    }

    void release() {
        if (released.compareAndSet(false, true)) {
            RestGeneration application = generation;
            if (application != null) {
                application.exit();
            }
            inFlight.remove(this);
            done.complete(null);
        }
    }

    private AsyncContext attach(AsyncContext context) {
        async = true;
        context.addListener(this);
        return context;
    }

    @Override
    public void onComplete(AsyncEvent event) {
        release();
    }

    @Override
    public void onError(AsyncEvent event) {
        release();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // the container completes the request after its timeout handling; onComplete follows
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // started again on a re-dispatch: listeners must register again to hear the end
        event.getAsyncContext().addListener(this);
    }
}
