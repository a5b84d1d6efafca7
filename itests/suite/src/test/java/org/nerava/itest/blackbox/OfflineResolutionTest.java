package org.nerava.itest.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nerava.itest.harness.NeravaServer;

/**
 * A default distribution resolves features only from its own system/: the shipped Pax URL configuration names no
 * remote repository, and installing a feature whose bundle is not shipped fails at once, saying which artifact is
 * missing and where it looked (local repositories only), instead of going to the network.
 */
class OfflineResolutionTest {

    private static final Pattern REMOTE = Pattern.compile("https?://");

    @TempDir
    Path dir;

    @Test
    void theShippedConfigurationNamesNoRemoteRepository() throws IOException {
        try (NeravaServer server = NeravaServer.unpacked()) {
            Properties mvn = new Properties();
            try (var in = Files.newInputStream(server.home().resolve("etc/org.ops4j.pax.url.mvn.cfg"))) {
                mvn.load(in);
            }
            assertThat(mvn.getProperty("org.ops4j.pax.url.mvn.repositories")).as("remote repositories").isBlank();
            assertThat(mvn.getProperty("org.ops4j.pax.url.mvn.useFallbackRepositories")).isEqualTo("false");
            assertThat(REMOTE.matcher(mvn.getProperty("org.ops4j.pax.url.mvn.defaultRepositories")).find()).isFalse();
        }
    }

    @Test
    void installingAFeatureWhoseArtifactIsNotShippedFailsFastWithoutTheNetwork() throws IOException {
        Path features = Files.writeString(dir.resolve("absent-features.xml"), """
                <features name="absent" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
                  <feature name="nerava-absent" version="1.0.0">
                    <bundle>mvn:org.nerava.absent/absent-bundle/1.0.0</bundle>
                  </feature>
                </features>
                """);
        try (NeravaServer server = NeravaServer.start()) {
            server.awaitReady();
            server.shell("feature:repo-add " + features.toUri());
            long started = System.nanoTime();
            String output = server.shell("feature:install nerava-absent");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(output).as("the install's answer").contains("org.nerava.absent").contains("absent-bundle")
                    .containsIgnoringCase("error");
            assertThat(REMOTE.matcher(output).find()).as("a remote repository named in: " + output).isFalse();
            // bin/client itself takes a few seconds on a loaded machine; a remote attempt adds connect and read
            // time-outs with retries (the Pax URL defaults: 5 s and 30 s, 3 retries).
            assertThat(took).as("feature:install of a missing artifact").isLessThan(Duration.ofSeconds(30));
            assertThat(server.shell("feature:list -i")).doesNotContain("nerava-absent");
            assertThat(server.get("/healthz").status()).isEqualTo(200);
        }
    }
}
