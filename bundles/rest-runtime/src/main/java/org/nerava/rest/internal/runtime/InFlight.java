package org.nerava.rest.internal.runtime;

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
 */
final class InFlight implements AsyncListener {

    private final RestGeneration generation;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean async;

    InFlight(RestGeneration generation) {
        this.generation = generation;
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
            generation.exit();
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
