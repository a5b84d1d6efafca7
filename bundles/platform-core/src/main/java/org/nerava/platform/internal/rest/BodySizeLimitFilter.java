package org.nerava.platform.internal.rest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import javax.annotation.Priority;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;

import org.nerava.platform.Problem;
import org.nerava.platform.ProblemException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Refuses request bodies above {@link PlatformConfig#maxBodyBytes()} with 413: at once when the declared
 * {@code Content-Length} is too large, and while reading when a chunked body grows past the limit.
 */
@Component(service = ContainerRequestFilter.class, configurationPid = PlatformConfig.PID)
@Designate(ocd = PlatformConfig.class)
@JaxrsExtension
@JaxrsName("nerava.body-limit")
@PreMatching
@Priority(200)
public class BodySizeLimitFilter implements ContainerRequestFilter {

    private volatile long maxBytes;

    @Activate
    @Modified
    void configure(PlatformConfig config) {
        maxBytes = config.maxBodyBytes();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        long limit = maxBytes;
        if (request.getLength() > limit) {
            throw tooLarge(limit);
        }
        if (request.hasEntity()) {
            request.setEntityStream(new LimitedInputStream(request.getEntityStream(), limit));
        }
    }

    static ProblemException tooLarge(long limit) {
        return new ProblemException(Problem.of(413, "payload_too_large", "Payload too large",
                "request bodies are limited to " + limit + " bytes"));
    }

    /** Counts what is read and fails once the body passes the limit. */
    static final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        private long read;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b != -1) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw tooLarge(limit);
            }
        }
    }
}
