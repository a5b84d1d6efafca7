package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.NeravaServer;
import org.nerava.testing.RawHttp;

/**
 * The HTTP edge (issue 16, part 3): every answer to a bad request, including those the HTTP engine makes by itself,
 * is {@code application/problem+json} with {@code X-Request-Id}, names no exception or class, has the status of its
 * class (never a 5xx), and logs no ERROR. Requests go over raw sockets: java.net.http refuses to send most of them.
 */
class EdgeTest {

    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:java|javax|org|com)\\.[a-z]+\\.[A-Za-z.]+");
    @AutoClose
    private static NeravaServer server;
    private int logBefore;

    @BeforeAll
    static void boot() {
        server = NeravaServer.start();
    }

    @BeforeEach
    void markTheLog() {
        logBefore = server.log().length();
    }

    @AfterEach
    void nothingWasLoggedAsAnError() {
        String logged = server.log().substring(logBefore);
        assertThat(logged.lines().filter(line -> line.contains("| ERROR |"))).as("ERROR lines logged").isEmpty();
    }

    @Test
    void malformedEscapesAndAmbiguousPathsAre400() {
        for (String target : new String[] {"/v1/merchants/%u002e", "/healthz%u002e", "/app/%u002e", "/v1/%zz",
                "/v1/merchants?x=%zz", "/readyz?%u=1", "/v1/a%00b", "/app/..;/admin/"}) {
            assertProblem(exchange("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400,
                    target);
        }
    }

    @Test
    void anUnknownCharsetIs415WhateverTheMethodAndTheEndpoint() {
        for (String request : new String[] {"GET /healthz", "GET /readyz", "GET /metrics", "GET /app/",
                "DELETE /admin/", "POST /v1/auth/otp/start"}) {
            Answer answer = exchange(request + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Type: application/json; charset=nonsense\r\nContent-Length: 2\r\n\r\n{}");
            assertProblem(answer, 415, request);
            assertThat(answer.body()).contains("\"code\":\"unsupported_charset\"");
        }
    }

    @Test
    void chunkedBodiesOverTheLimitAre413AndMalformedChunksAre400() {
        String chunked = "POST /v1/auth/otp/start HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        String big = "{\"phone\":\"" + "1".repeat(70_000) + "\"}";
        Answer oversized = exchange(chunked + Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n");
        assertProblem(oversized, 413, "chunked body of 70 kB");

        // Tomcat refuses an overflowing chunk size as malformed HTTP (the engine's bad_request), while the body is read.
        Answer overflowing = exchange(chunked + "FFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n");
        assertProblem(overflowing, 400, "chunk size that overflows");
    }

    @Test
    void methodsAPathDoesNotServeAre405NotTheServletApis501() {
        for (String request : new String[] {"PATCH /healthz", "PROPFIND /healthz", "PATCH /metrics",
                "PROPFIND /metrics", "PATCH /app/", "PROPFIND /app/", "PATCH /admin/", "PUT /admin/",
                "PROPFIND /v1/merchants", "PATCH /readyz"}) {
            Answer answer = exchange(request + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
            assertProblem(answer, 405, request);
            assertThat(answer.header("Allow")).as(request).contains("GET");
        }
    }

    @Test
    void traceIs405Everywhere() {
        for (String target : new String[] {"/", "/healthz", "/v1/merchants", "/app/", "/metrics"}) {
            Answer answer = exchange("TRACE " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Cookie: secret-session\r\n\r\n");
            assertProblem(answer, 405, "TRACE " + target);
            assertThat(answer.body()).doesNotContain("secret-session");
        }
    }

    @Test
    void oversizedHeadersAre431() {
        // 20 kB: over the edge's limit (8 kB); 70 kB: over Tomcat's own (64 kB), which refuses it while parsing.
        for (int size : new int[] {20_000, 70_000}) {
            Answer answer = exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: "
                    + "a".repeat(size) + "\r\n\r\n");
            assertProblem(answer, 431, size + " bytes of header");
        }
    }

    @Test
    void aBodyShorterThanItsContentLengthIs408WithinSeconds() {
        long start = System.nanoTime();
        Answer answer = exchange("POST /v1/auth/otp/start HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"phone\":");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertProblem(answer, 408, "truncated body");
        assertThat(answer.body()).contains("\"code\":\"body_timeout\"");
        assertThat(took).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void whatTheEngineDoesNotImplementIsARefusalNotA5xx() {
        Answer coding = exchange("POST /v1/auth/otp/start HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n{}");
        assertProblem(coding, 400, "Transfer-Encoding: gzip");
        assertThat(coding.body()).contains("\"code\":\"unsupported_transfer_coding\"");

        Answer connect = exchange("CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertProblem(connect, 405, "CONNECT");
        assertThat(connect.header("Allow")).contains("GET");

        Answer expectation = exchange("POST /v1/auth/otp/start HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nExpect: something-else\r\nContent-Length: 2\r\n\r\n{}");
        assertProblem(expectation, 417, "Expect: something-else");
    }

    @Test
    void malformedRequestLinesAre400() {
        for (String line : new String[] {"GET", "HELLO THERE FRIEND X", "GET /healthz HTTP/1.1 trailing",
                "GET /heal thz HTTP/1.1", "\u0001\u0002 / HTTP/1.1"}) {
            assertProblem(exchange(line + "\r\nHost: x\r\n\r\n"), 400, line);
        }
    }

    private static void assertProblem(Answer answer, int status, String what) {
        assertThat(answer.status()).as(what + ": " + answer).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as(what).startsWith("application/problem+json");
        assertThat(answer.header("X-Request-Id")).as(what).matches("[0-9a-f-]{36}");
        assertThat(answer.body()).as(what).contains("\"status\":" + status).doesNotContain("Exception")
                .doesNotContain("<html").doesNotContain("<h1>");
        assertThat(CLASS_NAME.matcher(answer.body()).find()).as(what + ": a class name in " + answer.body()).isFalse();
    }

    /** Writes the bytes as they are, reads the answer until the server closes or 30 s pass. */
    private static Answer exchange(String request) {
        try (Socket socket = new Socket("127.0.0.1", server.httpPort())) {
            socket.setSoTimeout(30_000);
            return Answer.parse(RawHttp.exchange(socket, request));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Answer(int status, String head, String body) {

        static Answer parse(String raw) {
            int end = raw.indexOf("\r\n\r\n");
            String head = end < 0 ? raw : raw.substring(0, end);
            String body = end < 0 ? "" : raw.substring(end + 4);
            String[] statusLine = head.split("\r\n", 2)[0].split(" ");
            int status = statusLine.length > 1 && statusLine[1].matches("\\d{3}") ? Integer.parseInt(statusLine[1]) : -1;
            return new Answer(status, head, body);
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT)
                        .equals(name.toLowerCase(Locale.ROOT))) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return head + "\n\n" + body;
        }
    }
}
