package org.nerava.merchants.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nerava.platform.config.ConfigProblem;

class CurrentSettingsTest {

    @Test
    void aGoodUpdateIsAppliedAndNothingIsReportedRefused() {
        CurrentSettings current = new CurrentSettings(Map.of("catalogRefreshSeconds", "30"));
        current.modified(Map.of("catalogRefreshSeconds", "15", "catalogCacheMerchants", "2000"));

        assertThat(current.get().catalogRefresh()).isEqualTo(Duration.ofSeconds(15));
        assertThat(current.get().catalogCacheMerchants()).isEqualTo(2_000);
        assertThat(current.pid()).isEqualTo(MerchantsConfig.PID);
        assertThat(current.refused()).isEmpty();
        assertThat(current.serving()).isNull();
    }

    @Test
    void aRefusedUpdateKeepsTheLastGoodValuesWholeAndSaysWhichKeyAndWhy() {
        CurrentSettings current = new CurrentSettings(Map.of("catalogRefreshSeconds", "30",
                "photoBaseUrl", "/media"));
        current.modified(Map.of("catalogRefreshSeconds", "5", "catalogCacheMerchants", "10",
                "photoBaseUrl", "/media2"));

        assertThat(current.get().catalogRefresh()).isEqualTo(Duration.ofSeconds(30));
        assertThat(current.get().photoBaseUrl()).isEqualTo("/media");
        assertThat(current.refused()).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("catalogCacheMerchants");
            assertThat(problem.value()).isEqualTo("10");
            assertThat(problem.allowed()).isEqualTo("a whole number from 100 to 1000000");
        });
        assertThat(current.serving()).startsWith("the last good values");
        assertThat(current.refusedAt()).isNotNull();
    }

    @Test
    void aBadFileAtBootComesUpOnTheDefaultsOfTheRefusedKeysAndTheOthersAsGiven() {
        CurrentSettings current = new CurrentSettings(Map.of("catalogRefreshSeconds", "soon",
                "photoBaseUrl", "ftp://photos", "catalogCacheMerchants", "3000"));

        assertThat(current.get().catalogRefresh()).isEqualTo(Duration.ofSeconds(60));
        assertThat(current.get().photoBaseUrl()).isEqualTo(MerchantsConfig.PHOTOS_PATH);
        assertThat(current.get().catalogCacheMerchants()).isEqualTo(3_000);
        assertThat(current.refused()).extracting(ConfigProblem::key)
                .containsExactlyInAnyOrder("catalogRefreshSeconds", "photoBaseUrl");
        assertThat(current.serving()).startsWith("the defaults of the refused keys");
    }

    @Test
    void theFixedFileIsAppliedAndNoLongerReported() {
        CurrentSettings current = new CurrentSettings(Map.of("catalogRefreshSeconds", "0"));
        current.modified(Map.of("catalogRefreshSeconds", "90"));

        assertThat(current.get().catalogRefresh()).isEqualTo(Duration.ofSeconds(90));
        assertThat(current.refused()).isEmpty();
    }

    @Test
    void felixScrHasExactlyOnePublicConstructorToChoose() {
        assertThat(CurrentSettings.class.getConstructors()).hasSize(1);
    }
}
