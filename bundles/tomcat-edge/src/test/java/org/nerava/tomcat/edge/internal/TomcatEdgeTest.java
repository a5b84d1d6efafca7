package org.nerava.tomcat.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nerava.testing.RawHttp;

/**
 * A real Tomcat built as Pax Web builds it (an NIO2 connector, a host, a servlet context), with the listener on its
 * server as etc/tomcat-server.xml puts it, spoken to over sockets: what the engine answers by itself is a problem.
 */
class TomcatEdgeTest {

    @TempDir
    Path base;
    private Tomcat tomcat;
    private int port;

    @BeforeEach
    void startTomcatWithTheEdge() throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector paxWebLike = new Connector("org.apache.coyote.http11.Http11Nio2Protocol");
        paxWebLike.setPort(0);
        paxWebLike.setProperty("address", "127.0.0.1");
        paxWebLike.setProperty("PaxWebConnectorName", "default");
        tomcat.getService().addConnector(paxWebLike);
        TomcatEdge edge = new TomcatEdge();
        edge.setRequestHeaderBytes(8192);
        edge.setEngineHeaderBytes(16384);
        edge.setReadTimeoutMillis(500);
        tomcat.getServer().addLifecycleListener(edge);

        Context context = tomcat.addContext("/ctx", base.toString());
        Tomcat.addServlet(context, "missing", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.sendError(404);
            }
        });
        context.addServletMappingDecoded("/missing", "missing");
        Tomcat.addServlet(context, "own", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.setStatus(409);
                response.setContentType("application/problem+json");
                response.getWriter().write("{\"status\":409,\"code\":\"mine\"}");
            }
        });
        context.addServletMappingDecoded("/own", "own");
        Tomcat.addServlet(context, "reader", new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
                request.getInputStream().readAllBytes();
                response.setStatus(204);
            }
        });
        context.addServletMappingDecoded("/reader", "reader");
        tomcat.start();
        port = tomcat.getService().findConnectors()[0].getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    @Test
    void pax_websNio2ConnectorIsReplacedByTheSameConnectorOnNio() {
        Connector[] connectors = tomcat.getService().findConnectors();

        assertThat(connectors).hasSize(1);
        assertThat(connectors[0].getProtocolHandlerClassName()).isEqualTo("org.apache.coyote.http11.Http11NioProtocol");
        assertThat(connectors[0].getAllowTrace()).isFalse();
        assertThat(connectors[0].getProperty("maxHttpHeaderSize")).isEqualTo(16384);
    }

    @Test
    void theNioConnectorAnswersPax_websPerRequestQuestionForItsNameFromAField() {
        Connector connector = tomcat.getService().findConnectors()[0];

        assertThat(connector.getProperty("PaxWebConnectorName")).isEqualTo("default");
        // not by reflection over the protocol handler and its endpoint, where Tomcat would look for it
        assertThat(org.apache.tomcat.util.IntrospectionUtils.getProperty(connector.getProtocolHandler(),
                "PaxWebConnectorName")).isNull();
    }

    @Test
    void aMalformedRequestLineIsA400Problem() throws IOException {
        String answer = exchange("GET\r\nHost: x\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400 ");
        assertProblem(answer, "bad_request");
    }

    @Test
    void headersOverTheEdgesLimitAreA431Problem() throws IOException {
        String answer = exchange("GET /ctx/own HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 431 ");
        assertProblem(answer, "headers_too_large");
    }

    @Test
    void headersOverTomcatsOwnLimitAreA431ProblemToo() throws IOException {
        String answer = exchange("GET /ctx/own HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(15_000) + "\r\nX-More: "
                + "b".repeat(5_000) + "\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 431 ");
        assertProblem(answer, "headers_too_large");
    }

    @Test
    void traceIsA405ProblemNamingTheMethodsTheServerKnows() throws IOException {
        String answer = exchange("TRACE /ctx/own HTTP/1.1\r\nHost: x\r\nCookie: secret\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 405 ").contains("Allow: GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS")
                .doesNotContain("secret");
        assertProblem(answer, "method_not_allowed");
    }

    @Test
    void aContextsOwn404IsTheStartingProblem() throws IOException {
        String answer = exchange("GET /ctx/missing HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 503 ").contains("Retry-After: 1");
        assertProblem(answer, "starting");
    }

    @Test
    void disguisedDotSegmentsAreA400ProblemNotTheParentsPath() throws IOException {
        for (String path : new String[] {"/ctx/..;/ctx/own", "/ctx/%2e%2e/ctx/own", "/ctx/.;x/own"}) {
            String answer = exchange("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(answer).as(path).startsWith("HTTP/1.1 400 ");
            assertProblem(answer, "bad_request");
        }
    }

    @Test
    void aBodyThatStopsArrivingIsA408ProblemAfterTheReadTimeout() throws IOException {
        long start = System.nanoTime();
        String answer = exchange("POST /ctx/reader HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\":");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(answer).startsWith("HTTP/1.1 408 ");
        assertProblem(answer, "body_timeout");
        System.out.println("408 after " + millis + " ms");
        assertThat(millis).isBetween(400L, 5_000L);
    }

    @Test
    void whatTomcatDoesNotImplementIsARefusedRequestNotAServerFailure() throws IOException {
        String coding = exchange("POST /ctx/reader HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabc");
        String connect = exchange("CONNECT x:443 HTTP/1.1\r\nHost: x\r\n\r\n");
        String expectation = exchange("POST /ctx/reader HTTP/1.1\r\nHost: x\r\nExpect: more\r\nContent-Length: 1\r\n\r\na");

        assertThat(coding).startsWith("HTTP/1.1 400 ");
        assertProblem(coding, "unsupported_transfer_coding");
        assertThat(connect).startsWith("HTTP/1.1 405 ").contains("Allow: GET, HEAD");
        assertProblem(connect, "method_not_allowed");
        assertThat(expectation).startsWith("HTTP/1.1 417 ");
        assertProblem(expectation, "expectation_failed");
    }

    @Test
    void anAnswerWithItsOwnBodyIsLeftAsItIs() throws IOException {
        String answer = exchange("GET /ctx/own HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 409 ").endsWith("{\"status\":409,\"code\":\"mine\"}");
    }

    @Test
    void aKeptAliveConnectionCarriesMoreThanTomcatsDefaultHundredRequests() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            for (int i = 1; i <= 150; i++) {
                String answer = RawHttp.exchange(socket, "GET /ctx/own HTTP/1.1\r\nHost: x\r\n\r\n");

                assertThat(answer).as("answer %d", i).startsWith("HTTP/1.1 409 ").doesNotContain("Connection: close");
            }
        }
    }

    @Test
    void theEdgeRefusesALimitAboveTomcatsOwn() {
        TomcatEdge edge = new TomcatEdge();
        edge.setRequestHeaderBytes(70_000);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> edge.apply(tomcat.getServer()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("engineHeaderBytes");
    }

    private static void assertProblem(String answer, String code) {
        assertThat(answer).contains("Content-Type: application/problem+json").containsPattern("X-Request-Id: [0-9a-f-]{36}")
                .contains("\"code\":\"" + code + "\"").doesNotContain("<html").doesNotContain("Exception");
    }

    /** Writes the bytes as they are; reads until the answer's Content-Length is in, the server closes, or 10 s pass. */
    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            return RawHttp.exchange(socket, request);
        }
    }
}
