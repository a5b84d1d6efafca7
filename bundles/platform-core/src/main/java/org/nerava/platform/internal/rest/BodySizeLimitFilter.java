package org.nerava.platform.internal.rest;

import static org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;
import static org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import javax.annotation.Priority;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;

import org.nerava.platform.Problem;
import org.nerava.platform.ProblemException;
import org.nerava.platform.audit.AuditTrail;
import org.nerava.platform.config.ConfigurationStatus;
import org.nerava.platform.config.DelegatedConfigurationStatus;
import org.nerava.platform.config.LastGoodSettings;
import org.nerava.platform.config.RefusalAudit;
import org.nerava.platform.config.SettingsLog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses request bodies above {@link PlatformConfig#maxBodyBytes()} with 413: at once when the declared
 * {@code Content-Length} is too large, and while reading when a chunked body grows past the limit. A body that cannot
 * be read to its end is the caller's fault, never a 500: 408 when it stopped arriving (the engine's idle timeout while
 * a request is served), else 400 (cut short, or chunks the engine could not parse).
 *
 * <p>It also reports PID {@code org.nerava.platform} for both its readers (see {@link PlatformSettings}): a refused
 * update is logged (WARN), audited ({@code config.refused}) and shown in {@code /readyz} {@code configuration}, and
 * the last good values keep serving.
 */
@Component(service = {ContainerRequestFilter.class, ConfigurationStatus.class}, configurationPid = PlatformConfig.PID)
@Designate(ocd = PlatformConfig.class)
@JaxrsExtension
@JaxrsName("nerava.body-limit")
@PreMatching
@Priority(200)
public class BodySizeLimitFilter implements ContainerRequestFilter, DelegatedConfigurationStatus {

    private static final Logger LOG = LoggerFactory.getLogger(BodySizeLimitFilter.class);

    private final LastGoodSettings<PlatformSettings> settings = new LastGoodSettings<>(PlatformConfig.PID);
    private final SettingsLog log = new SettingsLog(PlatformConfig.PID, "the platform keeps", LOG::info, LOG::warn);
    private final RefusalAudit audit = new RefusalAudit(PlatformConfig.PID, log::notAudited);

    @Activate
    @Modified
    synchronized void configure(Map<String, ?> properties) {
        LastGoodSettings.Update update = settings.update(PlatformSettings.check(properties), PlatformSettings::from);
        log.updated(update);
        audit.refused(update);
    }

    @Override
    public ConfigurationStatus configurationStatus() {
        return settings;
    }

    @Reference(cardinality = OPTIONAL, policy = DYNAMIC, policyOption = GREEDY)
    void bindAudit(AuditTrail trail) {
        audit.bind(trail);
    }

    void unbindAudit(AuditTrail trail) {
        audit.unbind(trail);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        long limit = settings.get().maxBodyBytes();
        if (request.getLength() > limit) {
            throw tooLarge(limit);
        }
        boolean hasEntity;
        try {
            hasEntity = request.hasEntity(); // reads ahead: a chunked body's first chunk may fail here
        } catch (RuntimeException e) {
            throw unreadable(e);
        }
        if (hasEntity) {
            request.setEntityStream(new LimitedInputStream(request.getEntityStream(), limit));
        }
    }

    /**
     * The problem of a body whose reading failed: a read that timed out (the engine's read timeout while the body
     * stopped arriving) is a 408, any other failure (cut short, malformed chunks) a 400.
     */
    static ProblemException unreadable(Exception failure) {
        if (failure instanceof ProblemException) {
            return (ProblemException) failure;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException) {
                return new ProblemException(Problem.of(408, "body_timeout", "Request timeout",
                        "the request body stopped arriving before it was complete"));
            }
        }
        return ProblemException.badRequest("incomplete_body",
                "the request body could not be read to its end (shorter than its Content-Length, or malformed chunks)");
    }

    static ProblemException tooLarge(long limit) {
        return new ProblemException(Problem.of(413, "payload_too_large", "Payload too large",
                "request bodies are limited to " + limit + " bytes"));
    }

    /** Counts what is read and fails once the body passes the limit; a failing read becomes a problem. */
    static final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        private long read;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b;
            try {
                b = super.read();
            } catch (IOException | RuntimeException e) {
                throw unreadable(e);
            }
            if (b != -1) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = super.read(buffer, offset, length);
            } catch (IOException | RuntimeException e) {
                throw unreadable(e);
            }
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            try {
                return super.available();
            } catch (IOException | RuntimeException e) {
                throw unreadable(e);
            }
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw tooLarge(limit);
            }
        }
    }
}
