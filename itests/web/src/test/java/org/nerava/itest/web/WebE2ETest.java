package org.nerava.itest.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.nerava.testing.FakeGitHub;
import org.nerava.itest.harness.HttpResult;
import org.nerava.itest.harness.NeravaServer;

/**
 * The web apps in a real browser: boots the built distribution (development profile, console OTP provider) with a
 * Karaf admin user and a fake GitHub on loopback, then runs the node scripts of src/test/e2e, which drive headless
 * Chromium with playwright-core. Screenshots land in target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebE2ETest {

    private static final String ADMIN = "webadmin";
    private static final String ADMIN_PASSWORD = UUID.randomUUID().toString();
    private static final Path CHROMIUM = Paths.get(System.getProperty("nerava.chromium", "/usr/bin/chromium"));

    private FakeGitHub github;
    private NeravaServer server;

    @BeforeAll
    void boot() {
        assertThat(CHROMIUM).as("headless Chromium (Debian package 'chromium'; .ci/run installs it)").isExecutable();
        github = new FakeGitHub();
        server = NeravaServer.start(github.environment(), List.of(
                ADMIN + " = " + ADMIN_PASSWORD + ",_g_:admingroup",
                "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh"));
        server.awaitReady();
        // Runs complete at once, and the server looks every second: the console shows the outcome within seconds.
        github.completeRunsWith("success");
        server.configure("org.nerava.deployments", "pollIntervalSeconds", "1", "maxPollIntervalSeconds", "2");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (github != null) {
            github.close();
        }
    }

    @Test
    @Order(1)
    void bothWebAppsAreServedWithTheirSecurityHeadersBesideTheApi() {
        for (String path : List.of("/app/", "/admin/")) {
            HttpResult page = server.get(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.header("Content-Security-Policy")).startsWith("default-src 'self'");
        }
        assertThat(server.get("/app/js/main.js").header("Content-Type")).startsWith("text/javascript");
        assertThat(server.get("/app/nothing-here.js").status()).isEqualTo(404);
        assertThat(server.get("/healthz").status()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void theDriverAppSignsInFavoritesActivatesAndShowsTheAccount() throws Exception {
        node("driver.mjs");
    }

    @Test
    @Order(3)
    void theAdminConsoleSwitchesTheProviderAndTriggersADeployment() throws Exception {
        node("admin.mjs");
        assertThat(github.received()).as("the dispatch reached the fake GitHub")
                .anySatisfy(request -> assertThat(request.path()).endsWith("/deploy-backend.yml/dispatches"));
    }

    /** Last: each web app is removed and put back as any feature is, and the API and the other app answer all along. */
    @Test
    @Order(4)
    void eachWebAppIsSwappedOutAndBackWhileTheApiAndTheOtherAppAnswer() throws InterruptedException {
        swap("nerava-driver-web", "/app/", "/admin/");
        swap("nerava-admin-ui", "/admin/", "/app/");
    }

    private void swap(String feature, String path, String otherApp) throws InterruptedException {
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread poller = new Thread(() -> {
            while (polling.get()) {
                for (String other : List.of("/healthz", "/v1/merchants?lat=37.78235&lng=-122.40255", otherApp)) {
                    try {
                        int status = server.get(other).status();
                        if (status != 200) {
                            failures.add(other + " answered " + status);
                        }
                    } catch (RuntimeException e) {
                        failures.add(other + " failed: " + e);
                    }
                }
            }
        }, "web-swap-poller");
        poller.start();
        try {
            server.shell("feature:uninstall -r " + feature);
            awaitStatus(path, 404);
            server.shell("feature:install -r " + feature);
            awaitStatus(path, 200);
        } finally {
            polling.set(false);
            poller.join(10_000);
        }
        assertThat(failures).as("other endpoints while %s was swapped", path).isEmpty();
    }

    private void awaitStatus(String path, int status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = server.get(path).status();
            if (last == status) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " answered " + last + ", expected " + status);
    }

    /** Runs one e2e script with node; its output goes to target/e2e/&lt;script&gt;.log and, on failure, into the message. */
    private void node(String script) throws IOException, InterruptedException {
        Path directory = Paths.get(System.getProperty("nerava.e2e", "target/e2e"));
        Path log = directory.resolve(script + ".log");
        ProcessBuilder builder = new ProcessBuilder("node", script)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = new HashMap<>();
        env.put("NERAVA_BASE_URL", "http://127.0.0.1:" + server.httpPort());
        env.put("NERAVA_LOG", server.home().resolve("data/log/karaf.log").toString());
        env.put("NERAVA_ADMIN_USER", ADMIN);
        env.put("NERAVA_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("SCREENSHOT_DIR", System.getProperty("nerava.screenshots", "target/screenshots"));
        env.put("CHROMIUM", CHROMIUM.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(script + " did not finish within 5 minutes:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertThat(process.exitValue()).as(script + " failed:\n" + output).isZero();
    }
}
