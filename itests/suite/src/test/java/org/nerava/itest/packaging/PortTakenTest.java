package org.nerava.itest.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nerava.itest.harness.DistributionArchive;
import org.nerava.itest.harness.Ports;

/**
 * Issue 22: a port already taken left the JVM "Running" while the other process answered /healthz. Now the server
 * says why in its log and on standard error, and stops; {@code bin/status} then says it is not running.
 */
class PortTakenTest {

    @TempDir
    Path work;

    @Test
    void aServerWhoseHttpPortIsTakenSaysSoAndStops() throws Exception {
        Path home = DistributionArchive.unpackInto(work.resolve("dist"));
        try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> answerAsAnotherProcess(other), "other-process");
            answering.setDaemon(true);
            answering.start();
            Files.writeString(home.resolve("etc/nerava.env"), String.join("\n",
                    "NERAVA_PROFILE=dev",
                    "NERAVA_HTTP_HOST=127.0.0.1",
                    "NERAVA_HTTP_PORT=" + other.getLocalPort(),
                    "NERAVA_SSH_PORT=" + Ports.free(),
                    "NERAVA_RMI_REGISTRY_PORT=" + Ports.free(),
                    "NERAVA_RMI_SERVER_PORT=" + Ports.free(),
                    ""));
            Files.setPosixFilePermissions(home.resolve("etc/nerava.env"),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

            assertThat(run(home, "bin/start")).isZero();
            ProcessHandle jvm = awaitPid(home);
            long started = System.nanoTime();
            Optional<ProcessHandle> gone = Optional.ofNullable(
                    jvm.onExit().get(240, TimeUnit.SECONDS));
            System.out.printf("the server stopped %d s after bin/start%n",
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
            assertThat(gone).isPresent();
            String log = Files.readString(home.resolve("data/log/karaf.log"));
            assertThat(log).contains("Failed to initialize component [Connector[")
                    .contains("java.net.BindException: Address already in use")
                    .contains("Unable to start Pax Web server: port out of range:-1")
                    .contains("HTTP is not served: no HTTP server has run for 15 s since the boot finished")
                    .contains("NERAVA_HTTP_PORT=" + other.getLocalPort())
                    .contains("Stopping this server rather than running without its port");
            assertThat(run(home, "bin/status")).as("bin/status after the stop").isNotZero();
        }
    }

    private static void answerAsAnotherProcess(ServerSocket socket) {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept(); OutputStream out = client.getOutputStream()) {
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 13\r\nConnection: close\r\n\r\nother process"
                        .getBytes(StandardCharsets.US_ASCII));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static ProcessHandle awaitPid(Path home) throws Exception {
        Path pidFile = home.resolve("karaf.pid");
        for (int i = 0; i < 300; i++) {
            if (Files.exists(pidFile)) {
                String pid = Files.readString(pidFile).strip();
                if (!pid.isEmpty()) {
                    Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(pid));
                    if (handle.isPresent()) {
                        return handle.get();
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no karaf.pid after bin/start");
    }

    private static int run(Path home, String script) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve(script).toString()).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(name -> name.startsWith("NERAVA_") || name.startsWith("KARAF_"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(script + " did not finish");
        }
        return process.exitValue();
    }

}
