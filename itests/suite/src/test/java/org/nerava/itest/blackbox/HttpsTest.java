package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nerava.itest.harness.NeravaServer;
import org.nerava.itest.harness.Ports;

/**
 * HTTPS on the server itself, through the HTTP engine's configuration only (etc/org.ops4j.pax.web.cfg): a self-signed
 * key made here with keytool, handed over with NERAVA_HTTPS_ENABLED, NERAVA_HTTPS_PORT, NERAVA_TLS_KEYSTORE and
 * NERAVA_TLS_KEYSTORE_PASSWORD. A client that trusts that key gets /healthz over HTTPS; one that does not is refused
 * in the handshake; plain HTTP stays on.
 */
class HttpsTest {

    private static final String PASSWORD = "keystore-secret";

    @TempDir
    static Path keys;
    private static Path keystore;
    private static int httpsPort;
    @AutoClose
    private static NeravaServer server;

    @BeforeAll
    static void boot() throws Exception {
        keystore = keys.resolve("nerava-tls.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "nerava", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        httpsPort = Ports.free();
        server = NeravaServer.start(Map.of("NERAVA_HTTPS_ENABLED", "true",
                "NERAVA_HTTPS_PORT", Integer.toString(httpsPort), "NERAVA_TLS_KEYSTORE", keystore.toString(),
                "NERAVA_TLS_KEYSTORE_PASSWORD", PASSWORD));
    }

    @Test
    void aClientTrustingTheKeyGetsHealthzOverHttps() throws Exception {
        HttpResponse<String> health = awaitHttps(trustingClient());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.sslSession()).hasValueSatisfying(session ->
                assertThat(session.getProtocol()).isIn("TLSv1.3", "TLSv1.2"));
        // Plain HTTP stays on beside it (a load balancer's health check, or the loopback behind a proxy).
        assertThat(server.get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void aClientThatDoesNotTrustTheKeyIsRefusedInTheHandshake() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        awaitHttps(trustingClient());
        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(healthz()).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
    }

    private static HttpClient trustingClient() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static URI healthz() {
        return URI.create("https://127.0.0.1:" + httpsPort + "/healthz");
    }

    /** The HTTPS connector may open a moment after HTTP's /healthz first answered. */
    private static HttpResponse<String> awaitHttps(HttpClient client) throws Exception {
        IOException last = null;
        for (int i = 0; i < 100; i++) {
            try {
                return client.send(HttpRequest.newBuilder(healthz()).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                last = e;
                NeravaServer.sleep(200);
            }
        }
        throw new AssertionError("no HTTPS answer on port " + httpsPort, last);
    }

}
