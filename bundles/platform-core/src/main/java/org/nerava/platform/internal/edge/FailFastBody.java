package org.nerava.platform.internal.edge;

import java.io.IOException;

import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose body, once a read of it failed, fails every later read at once with the same exception. The engine
 * does not remember that a body is broken: each reader that tries again after the failure (the JSON reader, then the
 * REST application draining the rest of the body before it answers) waits out the engine's read timeout once more, so
 * a body that stopped arriving was answered after three read timeouts instead of one (15 s on Tomcat, 5 s each).
 */
final class FailFastBody extends HttpServletRequestWrapper {

    private ServletInputStream body;

    private FailFastBody(HttpServletRequest request) {
        super(request);
    }

    /** The request, wrapped when it has a body to read. */
    static HttpServletRequest of(HttpServletRequest request) {
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        return hasBody ? new FailFastBody(request) : request;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (body == null) {
            body = new Stream(super.getInputStream());
        }
        return body;
    }

    private static final class Stream extends ServletInputStream {
        private final ServletInputStream in;
        private IOException failed;

        Stream(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            check();
            try {
                return in.read();
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            check();
            try {
                return in.read(buffer, offset, length);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public int available() throws IOException {
            check();
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        @Override
        public boolean isFinished() {
            return failed != null || in.isFinished();
        }

        @Override
        public boolean isReady() {
            return failed == null && in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        private void check() throws IOException {
            if (failed != null) {
                throw failed;
            }
        }

        private IOException remember(IOException e) {
            failed = e;
            return e;
        }
    }
}
