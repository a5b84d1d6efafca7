package org.nerava.platform.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.nerava.platform.doctor.Finding;
import org.osgi.framework.dto.ServiceReferenceDTO;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.http.runtime.dto.RuntimeDTO;

class HttpDoctorCheckTest {

    @Test
    void noHttpRuntimeAfterTheBootIsAFailureThatSaysTheServerWouldStop() {
        Finding finding = new HttpDoctorCheck(null).check().get(0);

        assertThat(finding.state()).isEqualTo(Finding.State.FAIL);
        assertThat(finding.check()).isEqualTo("http");
        assertThat(finding.detail()).contains("did not start").contains("stop 15 s");
        assertThat(finding.fix()).contains("etc/tomcat-server.xml");
    }

    @Test
    void aRunningEngineWithTheEdgeIsFineAndNamesWhereTheCheckRunListened() throws Exception {
        try (Engine engine = new Engine("HTTP/1.1 405 \r\nAllow: GET\r\nContent-Type: application/problem+json\r\n"
                + "Content-Length: 2\r\n\r\n{}")) {
            List<Finding> findings = new HttpDoctorCheck(runtimeAt(engine.endpoint())).check();

            assertThat(findings).extracting(Finding::check).containsExactly("http", "http.edge");
            assertThat(findings).extracting(Finding::state).containsOnly(Finding.State.OK);
            assertThat(findings.get(0).detail()).contains(engine.endpoint());
            assertThat(engine.request()).startsWith("TRACE / HTTP/1.1\r\n");
        }
    }

    @Test
    void anEngineAnsweringWithItsOwnPageRunsWithoutTheEdge() throws Exception {
        try (Engine engine = new Engine("HTTP/1.1 405 \r\nContent-Type: text/html;charset=utf-8\r\n"
                + "Content-Length: 6\r\n\r\n<html>")) {
            List<Finding> findings = new HttpDoctorCheck(runtimeAt(engine.endpoint())).check();

            assertThat(findings.get(0).state()).isEqualTo(Finding.State.OK);
            assertThat(findings.get(1).state()).isEqualTo(Finding.State.WARN);
            assertThat(findings.get(1).detail()).contains("not applied").contains("HTTP/1.1 405");
            assertThat(findings.get(1).fix()).contains("etc/tomcat-server.xml");
        }
    }

    @Test
    void anEngineListeningOnEveryAddressIsAskedOnTheLoopback() throws Exception {
        try (Engine engine = new Engine("HTTP/1.1 405 \r\nContent-Type: application/problem+json\r\n"
                + "Content-Length: 2\r\n\r\n{}")) {
            String everyAddress = engine.endpoint().replace("127.0.0.1", "0.0.0.0");

            Finding edge = new HttpDoctorCheck(runtimeAt(everyAddress)).check().get(1);

            assertThat(edge.state()).as(edge.detail()).isEqualTo(Finding.State.OK);
        }
    }

    private static HttpServiceRuntime runtimeAt(String endpoint) {
        HttpServiceRuntime runtime = mock(HttpServiceRuntime.class);
        RuntimeDTO dto = new RuntimeDTO();
        dto.serviceDTO = new ServiceReferenceDTO();
        dto.serviceDTO.properties = Map.of("osgi.http.endpoint", new String[] {endpoint});
        when(runtime.getRuntimeDTO()).thenReturn(dto);
        return runtime;
    }

    /** One connection on a loopback port, answered with a fixed answer once its request head is in. */
    private static final class Engine implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final CompletableFuture<String> request = new CompletableFuture<>();

        Engine(String answer) throws IOException {
            Thread thread = new Thread(() -> {
                try (Socket socket = server.accept()) {
                    byte[] head = new byte[4096];
                    int n = socket.getInputStream().read(head);
                    request.complete(new String(head, 0, Math.max(n, 0), StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    request.completeExceptionally(e);
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        String endpoint() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/";
        }

        String request() throws Exception {
            return request.get(5, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
