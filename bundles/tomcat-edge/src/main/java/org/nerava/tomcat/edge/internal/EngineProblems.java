package org.nerava.tomcat.edge.internal;

import org.nerava.platform.Problem;

/**
 * The problem for each status the engine answers by itself. The engine's own reason ("Illegal character SPACE=' '",
 * an exception's message) is left out: it describes the engine, not the request, and can name classes.
 */
final class EngineProblems {

    private EngineProblems() {
    }

    static Problem of(int status) {
        switch (status) {
            case 400:
                return Problem.of(400, "bad_request", "Bad request",
                        "the request is not well-formed HTTP (request line, header or URI)");
            case 404:
                return Problem.of(404, "not_found", "Not found", "nothing is served at this path");
            case 405:
                return Problem.of(405, "method_not_allowed", "Method not allowed",
                        "this path does not accept that method");
            case 408:
                // Tomcat's read timeout only fails a body that stopped arriving (headers that stop just close the
                // connection): the problem the REST application's body limit gives for it (docs/api.md).
                return Problem.of(408, "body_timeout", "Request timeout",
                        "the request body stopped arriving before it was complete");
            case 413:
                return Problem.of(413, "payload_too_large", "Payload too large",
                        "the request body is larger than the server accepts");
            case 414:
                return Problem.of(414, "uri_too_long", "URI too long", "the request URI is longer than the server accepts");
            case 415:
                return Problem.of(415, "unsupported_media_type", "Unsupported media type",
                        "the request body's type or charset is not supported");
            case 417:
                return Problem.of(417, "expectation_failed", "Expectation failed",
                        "the only expectation the server meets is Expect: 100-continue");
            case 431:
                return Problem.of(431, "headers_too_large", "Request header fields too large",
                        "the request's headers are larger than the server accepts");
            case 503:
                return Problem.of(503, "unavailable", "Service unavailable", "the server is not ready; try again");
            case 505:
                return Problem.of(505, "http_version_not_supported", "HTTP version not supported",
                        "only HTTP/1.0, HTTP/1.1 and HTTP/2 are served");
            default:
                return status >= 500
                        ? Problem.of(status, "internal_error", "Internal server error",
                                "the server failed unexpectedly; quote the request id when reporting it")
                        : Problem.of(status, "request_refused", "Request refused", "the request was refused");
        }
    }
}
