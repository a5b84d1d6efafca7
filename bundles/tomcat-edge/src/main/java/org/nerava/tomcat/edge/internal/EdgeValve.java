package org.nerava.tomcat.edge.internal;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Map;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServletResponse;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;
import org.apache.tomcat.util.res.StringManager;
import org.nerava.platform.Problem;
import org.nerava.platform.http.ProblemAnswers;

/**
 * The host's valve ({@link TomcatEdge} puts it there): what Tomcat answers by itself is a problem, like every other
 * answer.
 * <ul>
 * <li>Before anything else, a request whose request line and headers pass the edge's limit is a {@code 431}: Tomcat's
 * own limit is set higher ({@link TomcatEdge#setEngineHeaderBytes}), because what Tomcat refuses itself is refused
 * while the client is still sending, and the client sees a reset rather than an answer.</li>
 * <li>After the request, an error nobody wrote a body for (a malformed request line or URI, a bad header, TRACE, a
 * servlet context's own {@code sendError}) is written here instead of Tomcat's HTML report page. The platform's edge
 * filter writes the errors of the servlets it stands in front of, with their body, so this sees only Tomcat's own and
 * those of Pax Web's default servlet.</li>
 * </ul>
 * A {@code 404} reaching this valve means no servlet of ours served the path: the REST runtime serves {@code /*} of the
 * default context, so that happens only while the platform's servlets are not registered yet (the boot: Pax Web opens
 * the port first) or no longer (the shutdown), and it is answered as the REST runtime answers its own boot window,
 * {@code 503 starting} with {@code Retry-After}.
 */
public class EdgeValve extends ErrorReportValve {

    /** The methods some Nerava path serves; the same list as platform-core's edge filter gives. */
    static final String ALLOWED_ANYWHERE = "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS";

    static final Problem STARTING = Problem.of(503, "starting", "Service unavailable",
            "the server is starting or stopping; try again in a moment");

    /**
     * Tomcat answers 501 for a transfer coding it does not implement (RFC 9112's advice). A client's request is not a
     * server failure: it is refused as a 400 that says what to send instead, like every other bad request.
     */
    static final Problem UNSUPPORTED_TRANSFER_CODING = Problem.of(400, "unsupported_transfer_coding", "Bad request",
            "the request's Transfer-Encoding is not supported; send the body with Content-Length or chunked");

    /** Tomcat's message for headers over its own limit, in the JVM's locale as Tomcat writes it. */
    private static final String HEADER_TOO_LARGE = StringManager.getManager("org.apache.coyote.http11")
            .getString("iib.requestheadertoolarge.error");

    private final int requestHeaderBytes;

    /** With the default limit: the host creates this valve by its class name when none was added. */
    public EdgeValve() {
        this(new TomcatEdge().requestHeaderBytes());
    }

    EdgeValve(int requestHeaderBytes) {
        this.requestHeaderBytes = requestHeaderBytes;
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (response.getStatus() < 400 && headerBytes(request) > requestHeaderBytes) {
            answer(request, response, EngineProblems.of(431), Map.of("Connection", "close"));
            return;
        }
        if (response.getStatus() < 400 && hasAmbiguousSegment(request.getCoyoteRequest().requestURI().toString())) {
            answer(request, response, EngineProblems.of(400), Map.of());
            return;
        }
        super.invoke(request, response);
    }

    @Override
    protected void report(Request request, Response response, Throwable failure) {
        int status = response.getStatus();
        // Tomcat's own test: nothing below 400, nothing already written, and each error reported once.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            response.resetBuffer();
            if (status == HttpServletResponse.SC_NOT_FOUND) {
                answer(request, response, STARTING, Map.of("Retry-After", "1"));
            } else if (status == HttpServletResponse.SC_BAD_REQUEST && isReadTimeout(failure)) {
                answer(request, response, EngineProblems.of(408), Map.of("Connection", "close"));
            } else if (status == HttpServletResponse.SC_BAD_REQUEST && isHeaderTooLarge(failure)) {
                answer(request, response, EngineProblems.of(431), Map.of());
            } else if (status == HttpServletResponse.SC_NOT_IMPLEMENTED && "CONNECT".equals(request.getMethod())) {
                answer(request, response, EngineProblems.of(405), Map.of("Allow", ALLOWED_ANYWHERE));
            } else if (status == HttpServletResponse.SC_NOT_IMPLEMENTED) {
                answer(request, response, UNSUPPORTED_TRANSFER_CODING, Map.of("Connection", "close"));
            } else if (status == HttpServletResponse.SC_METHOD_NOT_ALLOWED && isTrace(request.getMethod())) {
                answer(request, response, EngineProblems.of(405), Map.of("Allow", ALLOWED_ANYWHERE));
            } else {
                answer(request, response, EngineProblems.of(status), Map.of());
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone, or the response was committed meanwhile: there is nobody left to answer
            getContainer().getLogger().debug("problem answer not written", e);
        }
    }

    /**
     * A body read that timed out: Tomcat fails the read and answers 400 itself (the application's own answer is then
     * not sent), whatever the application made of it. It is the 408 of a body that stopped arriving.
     */
    static boolean isReadTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Tomcat refuses headers over its own limit while parsing them, as a 400 whose cause is its "request header is too
     * large" message; that is a 431 like the ones {@link #invoke} answers.
     */
    static boolean isHeaderTooLarge(Throwable failure) {
        return failure instanceof IllegalArgumentException && HEADER_TOO_LARGE.equals(failure.getMessage());
    }

    /**
     * A dot segment Tomcat would resolve although it is written so that it does not look like one: with path
     * parameters ({@code /app/..;/admin/}) or percent-encoded ({@code %2e%2e}). Tomcat normalises both to the parent,
     * so a rule on the path as written (a proxy's, a filter's) would not see what is served: the request is refused,
     * as Jetty refused such "ambiguous" paths. Plain {@code ..} segments are resolved as usual.
     */
    static boolean hasAmbiguousSegment(String rawPath) {
        if (rawPath.indexOf(';') < 0 && rawPath.indexOf('%') < 0) {
            return false; // the usual path, looked at without splitting it
        }
        for (String segment : rawPath.split("/", -1)) {
            int parameters = segment.indexOf(';');
            String name = parameters < 0 ? segment : segment.substring(0, parameters);
            String decoded = name.replace("%2e", ".").replace("%2E", ".");
            boolean disguised = parameters >= 0 || !decoded.equals(name);
            if (disguised && (decoded.equals(".") || decoded.equals(".."))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTrace(String method) {
        return "TRACE".equals(method) || "TRACK".equals(method);
    }

    /** The response of a request Tomcat refused is suspended (it would write nothing) until this lifts it. */
    private static void answer(Request request, Response response, Problem problem, Map<String, String> headers)
            throws IOException {
        response.setSuspended(false);
        ProblemAnswers.write(request, response, problem, headers);
        response.finishResponse();
    }

    /** Request line and header lines as they came, in bytes (each line with its CRLF). */
    static long headerBytes(Request request) {
        org.apache.coyote.Request coyote = request.getCoyoteRequest();
        long bytes = length(coyote.method()) + length(coyote.requestURI()) + length(coyote.queryString()) + 1
                + length(coyote.protocol()) + 4;
        MimeHeaders headers = coyote.getMimeHeaders();
        for (int i = 0; i < headers.size(); i++) {
            bytes += length(headers.getName(i)) + length(headers.getValue(i)) + 4;
        }
        return bytes;
    }

    private static int length(MessageBytes bytes) {
        if (bytes == null || bytes.isNull()) {
            return 0;
        }
        return bytes.getType() == MessageBytes.T_BYTES ? bytes.getByteChunk().getLength() : bytes.toString().length();
    }
}
