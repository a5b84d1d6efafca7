package org.nerava.platform.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;

import javax.ws.rs.container.ContainerRequestContext;

import org.junit.jupiter.api.Test;
import org.nerava.platform.ProblemException;
import org.nerava.platform.config.ConfigProblem;

/** PID org.nerava.platform checked as a whole: its two readers refuse the same update and never fail to start. */
class PlatformSettingsTest {

    private final BodySizeLimitFilter limit = new BodySizeLimitFilter();
    private final CorsFilter cors = new CorsFilter();

    private void configure(Map<String, ?> properties) {
        limit.configure(properties);
        cors.configure(properties);
    }

    private int statusOfABodyOf(int bytes) {
        ContainerRequestContext request = mock(ContainerRequestContext.class);
        when(request.getLength()).thenReturn(bytes);
        try {
            limit.filter(request);
            return 200;
        } catch (ProblemException e) {
            return e.problem().getStatus();
        }
    }

    @Test
    void aBodyLimitThatIsNoNumberAtBootKeepsTheDefaultLimitAndIsReported() {
        configure(Map.of("maxBodyBytes", "64k", "corsAllowedOrigins", "https://app.example"));

        assertThat(statusOfABodyOf(65_537)).as("the default 64 KiB limit holds").isEqualTo(413);
        assertThat(statusOfABodyOf(65_536)).isEqualTo(200);
        assertThat(limit.refused()).extracting(ConfigProblem::key).containsExactly("maxBodyBytes");
        assertThat(limit.pid()).isEqualTo("org.nerava.platform");
        assertThat(limit.refused().get(0).describe()).contains("maxBodyBytes", "64k");
        assertThat(cors.isAllowed("https://app.example")).as("the good keys of a file at boot apply").isTrue();
    }

    @Test
    void aRefusedUpdateChangesNeitherReaderAndAFixedFileAppliesToBoth() {
        configure(Map.of("maxBodyBytes", 2048L, "corsAllowedOrigins", "https://app.example"));

        configure(Map.of("maxBodyBytes", 100L, "corsAllowedOrigins", "https://other.example"));

        assertThat(statusOfABodyOf(2049)).isEqualTo(413);
        assertThat(statusOfABodyOf(2048)).as("below the minimum of 1024: refused").isEqualTo(200);
        assertThat(cors.isAllowed("https://app.example")).as("refused whole").isTrue();
        assertThat(cors.isAllowed("https://other.example")).isFalse();
        assertThat(limit.serving()).contains("last good values");

        configure(Map.of("maxBodyBytes", 4096L, "corsAllowedOrigins", "https://other.example"));

        assertThat(limit.refused()).isEmpty();
        assertThat(statusOfABodyOf(4096)).isEqualTo(200);
        assertThat(cors.isAllowed("https://other.example")).isTrue();
    }

    @Test
    void aProfileOtherThanDevOrProdIsRefusedAndShownRatherThanSilentlyMeaningProd() {
        configure(Map.of("profile", "staging"));

        assertThat(limit.refused()).extracting(ConfigProblem::key).containsExactly("profile");
        assertThat(PlatformSettings.check(Map.of("profile", " Dev ")).problems()).isEmpty();
    }

    @Test
    void anUnconfiguredCorsFilterAllowsNoOriginAndARefusedLimitReadsAsItsDefault() {
        assertThat(new CorsFilter().isAllowed("https://app.example")).isFalse();
        assertThat(PlatformSettings.check(Map.of("maxBodyBytes", "x")).values().maxBodyBytes()).isEqualTo(65_536);
    }
}
