package org.nerava.jetty.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real Jetty with the handler, spoken to over a socket: what the engine refuses by itself is a problem. */
class ProblemErrorHandlerTest {

    private Server server;
    private int port;

    @BeforeEach
    void startJettyWithTheHandler() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setErrorHandler(new ProblemErrorHandler());
        // A servlet context as Pax Web makes them (its own HTML error handler) at /ctx, behind the guard as etc/jetty.xml
        // puts it; anything else is outside every context.
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/ctx");
        context.setErrorHandler(new ErrorPageErrorHandler());
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.sendError(404);
            }
        }), "/missing");
        ContextHandlerCollection contexts = new ContextHandlerCollection(context);
        server.setHandler(new PaxWebHandlerGuard(contexts));
        server.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void aMalformedRequestLineIsA400Problem() throws IOException {
        String answer = exchange("GET\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400 ");
        assertProblem(answer, "bad_request");
    }

    @Test
    void oversizedHeadersAreA431Problem() throws IOException {
        String answer = exchange("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 431 ");
        assertProblem(answer, "headers_too_large");
    }

    @Test
    void traceIsA405ProblemNamingTheMethodsTheServerKnows() throws IOException {
        String answer = exchange("TRACE / HTTP/1.1\r\nHost: x\r\nCookie: secret\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 405 ").containsIgnoringCase("Allow: GET, HEAD, POST")
                .doesNotContain("secret");
        assertProblem(answer, "method_not_allowed");
    }

    @Test
    void aPathNoContextServesIsA503StartingForEveryMethod() throws IOException {
        for (String method : new String[] {"GET", "PUT", "DELETE", "PATCH"}) {
            String answer = exchange(method + " /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");

            assertThat(answer).as(method).startsWith("HTTP/1.1 503 ").containsIgnoringCase("Retry-After: 1");
            assertProblem(answer, "starting");
        }
    }

    @Test
    void anErrorAContextSendsItselfIsAProblemNotItsHtmlPage() throws IOException {
        for (String target : new String[] {"/ctx/missing", "/ctx/no-servlet-here"}) {
            String answer = exchange("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

            assertThat(answer).as(target).startsWith("HTTP/1.1 503 ");
            assertProblem(answer, "starting");
        }
        String put = exchange("PUT /ctx/missing HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(put).startsWith("HTTP/1.1 405 ");
        assertProblem(put, "method_not_allowed");
    }

    private static void assertProblem(String answer, String code) {
        assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json")
                .containsIgnoringCase("X-Request-Id: ")
                .contains("\"code\":\"" + code + "\"")
                .doesNotContain("<h1>").doesNotContain("Exception").doesNotContain("java.");
    }

    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
