package org.nerava.platform.internal.edge;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.nerava.platform.Problem;

/** What the HTTP edge refuses before any servlet reads a request, and the problem each refusal is. */
final class EdgeRules {

    /** The methods no Nerava path serves: TRACE echoes credentials back (cross-site tracing), the rest are WebDAV's. */
    static final String ALLOWED_ANYWHERE = "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS";

    private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([^\";\\s]*)");

    private EdgeRules() {
    }

    /** The problem refusing this request, or null when it may go on to its servlet. */
    static Problem refusal(String method, String rawPath, String rawQuery, String contentType) {
        if (!isMethodServedAnywhere(method)) {
            return methodNotAllowed();
        }
        if (!isWellFormed(rawPath, rawQuery)) {
            return Problem.of(400, "malformed_uri", "Bad request",
                    "the request URI is not well formed: every % must start an escape of two hex digits");
        }
        String charset = charsetOf(contentType);
        if (charset != null && !isSupported(charset)) {
            return Problem.of(415, "unsupported_charset", "Unsupported media type",
                    "the charset of Content-Type is not supported; send UTF-8");
        }
        return null;
    }

    static Problem methodNotAllowed() {
        return Problem.of(405, "method_not_allowed", "Method not allowed",
                "this path does not accept that method; see the Allow header");
    }

    /** {@code Allow} goes with a 405 (RFC 9110 §15.5.6). */
    static Map<String, String> headersOf(Problem problem) {
        return problem.getStatus() == 405 ? Map.of("Allow", ALLOWED_ANYWHERE) : Map.of();
    }

    static boolean isMethodServedAnywhere(String method) {
        switch (method) {
            case "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS":
                return true;
            default:
                return false;
        }
    }

    /**
     * RFC 3986's grammar, as {@link URI} checks it: CXF builds a {@link URI} of every request's URI and failed with an
     * exception (500) on {@code %u002e}, {@code %zz} or a lone {@code %}, in the path or the query.
     */
    static boolean isWellFormed(String rawPath, String rawQuery) {
        try {
            new URI(rawQuery == null ? rawPath : rawPath + '?' + rawQuery);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    static String charsetOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        Matcher matcher = CHARSET.matcher(contentType);
        return matcher.find() ? matcher.group(1).toLowerCase(Locale.ROOT) : null;
    }

    private static boolean isSupported(String charset) {
        try {
            return !charset.isEmpty() && Charset.isSupported(charset);
        } catch (IllegalCharsetNameException e) {
            return false;
        }
    }
}
