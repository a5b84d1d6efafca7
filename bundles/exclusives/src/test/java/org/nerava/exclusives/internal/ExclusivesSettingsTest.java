package org.nerava.exclusives.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ExclusivesSettingsTest {

    @Test
    void defaultsAreA150MetreRadiusAnHourLongSessionsAndTheSeedFileInKarafEtc() {
        ExclusivesSettings settings = ExclusivesSettings.from(ExclusivesConfigs.with(Map.of()));
        assertThat(settings.activationRadiusMeters()).isEqualTo(150);
        assertThat(settings.sessionLength()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.seedFile()).isEqualTo(Paths.get(System.getProperty("karaf.etc", "etc"),
                "nerava-merchants.json"));
        assertThat(settings.catalogRefresh()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.internalSecret()).isEmpty();
        assertThat(settings.warnings()).isEmpty();
    }

    @Test
    void valuesOutOfRangeAreRefusedWithAWarningAndReplacedByTheirDefaults() {
        ExclusivesSettings settings = ExclusivesSettings.from(ExclusivesConfigs.with(Map.of(
                "activationRadiusMeters", 0, "sessionMinutes", 5000, "catalogRefreshSeconds", -1,
                "photoBaseUrl", "ftp://photos")));
        assertThat(settings.activationRadiusMeters()).isEqualTo(150);
        assertThat(settings.sessionLength()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.catalogRefresh()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.photoBaseUrl()).isEmpty();
        assertThat(settings.warnings()).hasSize(4).anyMatch(w -> w.startsWith("activationRadiusMeters=0 refused"));
    }

    @Test
    void relativePhotoUrlsAreJoinedToTheBaseAndAbsoluteOnesKept() {
        ExclusivesSettings withBase = ExclusivesSettings.from(ExclusivesConfigs.with(Map.of(
                "photoBaseUrl", "http://127.0.0.1:9000/img/")));
        assertThat(withBase.photoUrl("merchants/m_a.jpg")).isEqualTo("http://127.0.0.1:9000/img/merchants/m_a.jpg");
        assertThat(withBase.photoUrl("/merchants/m_a.jpg")).isEqualTo("http://127.0.0.1:9000/img/merchants/m_a.jpg");
        assertThat(withBase.photoUrl("http://127.0.0.1:9001/a.jpg")).isEqualTo("http://127.0.0.1:9001/a.jpg");
        assertThat(withBase.photoUrl(null)).isNull();

        ExclusivesSettings rootRelative = ExclusivesSettings.from(ExclusivesConfigs.with(Map.of(
                "photoBaseUrl", "/media")));
        assertThat(rootRelative.photoUrl("merchants/m_a.jpg")).isEqualTo("/media/merchants/m_a.jpg");

        ExclusivesSettings withoutBase = ExclusivesSettings.from(ExclusivesConfigs.with(Map.of()));
        assertThat(withoutBase.photoUrl("merchants/m_a.jpg")).isEqualTo("merchants/m_a.jpg");
    }

    @Test
    void theSecretNeverShowsInToString() {
        ExclusivesSettings settings = ExclusivesSettings.from(ExclusivesConfigs.with(Map.of(
                "internalSecret", "hunter2-very-secret")));
        assertThat(settings.internalSecret()).isEqualTo("hunter2-very-secret");
        assertThat(settings.toString()).doesNotContain("hunter2").contains("internalSecret=(set)");
    }
}
