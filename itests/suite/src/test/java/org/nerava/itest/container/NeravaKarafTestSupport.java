package org.nerava.itest.container;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.util.regex.Pattern;
import java.util.regex.Matcher;
import java.util.List;
import java.time.Duration;
import java.nio.file.Paths;
import java.nio.file.Path;
import java.nio.file.Files;
import java.net.http.HttpResponse;
import java.net.http.HttpRequest;
import java.net.http.HttpClient;
import java.net.URI;

import org.nerava.itest.harness.Ports;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * Boots the built Nerava distribution under Pax Exam, on free ports of this fork's slice ({@link Ports}), and runs
 * test methods inside it. Subclasses add {@code @Inject}ed services and test methods; keep them few and broad (each
 * class boots a container).
 */
public abstract class NeravaKarafTestSupport {

    private static final String HTTP_PORT_PROPERTY = "nerava.itest.http.port";

    /**
     * The HTTP port of the container under test. Chosen once in the test JVM, written into the container's
     * configuration and handed to it as a system property: this class is loaded again inside the container, where
     * a second choice would pick another port (and where the harness's {@link Ports} is not deployed, so the
     * container never calls it).
     */
    protected static final int HTTP_PORT = httpPort();

    private static final Pattern TOKEN = Pattern.compile("\"access_token\":\"(nrv_[A-Za-z0-9_-]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Configuration
    public Option[] config() {
        String distribution = new File(System.getProperty("nerava.distribution", "target/it/nerava-server.tar.gz"))
                .getAbsoluteFile().toURI().toString();
        String localRepository = System.getProperty("org.ops4j.pax.url.mvn.localRepository",
                System.getProperty("user.home") + "/.m2/repository");
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(distribution)
                    .karafVersion("4.4.10")
                    .name("Nerava Server")
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
            logLevel(LogLevel.WARN),
            systemTimeout(120_000),
            systemProperty(HTTP_PORT_PROPERTY).value(Integer.toString(HTTP_PORT)),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                    localRepository),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port",
                    Integer.toString(HTTP_PORT)),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort",
                    Integer.toString(Ports.free())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort",
                    Integer.toString(Ports.free())),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(Ports.free())),
            // The development profile, as README command 1 runs it: the console OTP provider writes codes to the log.
            editConfigurationFilePut("etc/org.nerava.platform.cfg", "profile", "dev"),
            editConfigurationFilePut("etc/org.nerava.auth.cfg", "sendsPerIpPerHour", "1000"),
            // Every test phone is in the +1 415 555 range: lift the SMS-pumping guard's per-range limit.
            editConfigurationFilePut("etc/org.nerava.auth.cfg", "sendsPerPrefixPerHour", "100000"),
            // The root logger is at WARN here; the console provider's code lines are INFO.
            editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.neravaconsole.name",
                    "org.nerava.otp.console"),
            editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.neravaconsole.level", "INFO"),
            // What bin/karaf passes to Java 9+; Pax Exam starts the JVM itself.
            vmOptions(
                    "--add-reads=java.xml=java.logging",
                    "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                    "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-4.4.10.jar",
                    "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-4.4.10.jar",
                    "--add-opens", "java.base/java.security=ALL-UNNAMED",
                    "--add-opens", "java.base/java.net=ALL-UNNAMED",
                    "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                    "--add-opens", "java.base/java.util=ALL-UNNAMED",
                    "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                    "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                    "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                    "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED"),
        };
    }

    /** In the test JVM a port of this fork's slice, below the kernel's ephemeral range; in the container the same. */
    private static int httpPort() {
        Integer chosen = Integer.getInteger(HTTP_PORT_PROPERTY);
        return chosen != null ? chosen : Ports.free();
    }

    // ---- HTTP against the container under test, for subclasses

    protected String signIn(String phone) throws Exception {
        awaitStatus("POST", "/v1/auth/otp/start", "{\"phone\":\"" + phone + "\"}", null, 202);
        String code = awaitConsoleCode(phone);
        HttpResponse<String> verified = send("POST", "/v1/auth/otp/verify",
                "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}", null);
        assertEquals(verified.body(), 200, verified.statusCode());
        Matcher token = TOKEN.matcher(verified.body());
        assertTrue(verified.body(), token.find());
        return token.group(1);
    }

    protected String awaitConsoleCode(String phone) throws Exception {
        Path log = Paths.get(System.getProperty("karaf.data"), "log", "karaf.log");
        Pattern line = Pattern.compile("console OTP " + Pattern.quote(phone) + " code ([0-9]{6})");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                List<String> codes = line.matcher(Files.readString(log)).results().map(m -> m.group(1)).toList();
                if (!codes.isEmpty()) {
                    return codes.get(codes.size() - 1);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no console OTP line in " + log);
    }

    protected HttpResponse<String> awaitStatus(String method, String path, String body, String authorization,
            int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = send(method, path, body, authorization);
            if (last.statusCode() == status) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(method + " " + path + " answered " + last.statusCode() + " " + last.body()
                + ", expected " + status);
    }

    /**
     * Waits until the path answers as the paths of a feature that is away do (its feature uninstalled, updated or
     * refreshed): {@code 503 feature_unavailable} problem+json with {@code Retry-After}, never 404.
     */
    protected HttpResponse<String> awaitFeatureUnavailable(String method, String path, String body,
            String authorization) throws Exception {
        HttpResponse<String> away = awaitStatus(method, path, body, authorization, 503);
        assertTrue(away.body(), away.body().contains("\"code\":\"feature_unavailable\""));
        assertTrue(away.headers().toString(), away.headers().firstValue("Retry-After").isPresent());
        assertTrue(away.headers().toString(), away.headers().firstValue("Content-Type").orElse("")
                .startsWith("application/problem+json"));
        return away;
    }

    protected HttpResponse<String> send(String method, String path, String body, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP_PORT + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
