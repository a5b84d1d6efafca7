package org.nerava.merchants.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MerchantsSettingsTest {

    @Test
    void defaultsAreTheSeedFileInKarafEtcAndAMinuteBetweenReads() {
        MerchantsSettings settings = MerchantsSettings.from(MerchantsConfigs.with(Map.of()));
        assertThat(settings.seedFile()).isEqualTo(Paths.get(System.getProperty("karaf.etc", "etc"),
                "nerava-merchants.json"));
        assertThat(settings.catalogRefresh()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.photoBaseUrl()).isEqualTo("/v1/merchants/photos");
        assertThat(settings.photoDirectory()).isEqualTo(Paths.get(System.getProperty("karaf.etc", "etc"),
                "nerava-merchant-photos"));
        assertThat(settings.warnings()).isEmpty();
    }

    @Test
    void valuesOutOfRangeAreRefusedWithAWarningAndReplacedByTheirDefaults() {
        MerchantsSettings settings = MerchantsSettings.from(MerchantsConfigs.with(Map.of(
                "catalogRefreshSeconds", -1, "photoBaseUrl", "ftp://photos")));
        assertThat(settings.catalogRefresh()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.photoBaseUrl()).isEmpty();
        assertThat(settings.warnings()).hasSize(2).anyMatch(w -> w.startsWith("catalogRefreshSeconds=-1 refused"));
    }

    @Test
    void relativePhotoUrlsAreJoinedToTheBaseAndAbsoluteOnesKept() {
        MerchantsSettings withBase = MerchantsSettings.from(MerchantsConfigs.with(Map.of(
                "photoBaseUrl", "http://127.0.0.1:9000/img/")));
        assertThat(withBase.photoUrl("merchants/m_a.jpg")).isEqualTo("http://127.0.0.1:9000/img/merchants/m_a.jpg");
        assertThat(withBase.photoUrl("/merchants/m_a.jpg")).isEqualTo("http://127.0.0.1:9000/img/merchants/m_a.jpg");
        assertThat(withBase.photoUrl("http://127.0.0.1:9001/a.jpg")).isEqualTo("http://127.0.0.1:9001/a.jpg");
        assertThat(withBase.photoUrl(null)).isNull();

        MerchantsSettings rootRelative = MerchantsSettings.from(MerchantsConfigs.with(Map.of(
                "photoBaseUrl", "/media")));
        assertThat(rootRelative.photoUrl("merchants/m_a.jpg")).isEqualTo("/media/merchants/m_a.jpg");

        MerchantsSettings withoutBase = MerchantsSettings.from(MerchantsConfigs.with(Map.of("photoBaseUrl", "")));
        assertThat(withoutBase.photoUrl("merchants/m_a.jpg")).isEqualTo("merchants/m_a.jpg");

        MerchantsSettings served = MerchantsSettings.from(MerchantsConfigs.with(Map.of()));
        assertThat(served.photoUrl("m_a.svg")).isEqualTo("/v1/merchants/photos/m_a.svg");
    }

    @Test
    void theCatalogCacheHoldsFiftyThousandMerchantsUnlessToldAndNeverFewerThanAHundred() {
        assertThat(MerchantsSettings.from(MerchantsConfigs.with(Map.of())).catalogCacheMerchants()).isEqualTo(50_000);
        assertThat(MerchantsSettings.from(MerchantsConfigs.with(Map.of("catalogCacheMerchants", 2_000)))
                .catalogCacheMerchants()).isEqualTo(2_000);
        MerchantsSettings tiny = MerchantsSettings.from(MerchantsConfigs.with(Map.of("catalogCacheMerchants", 10)));
        assertThat(tiny.catalogCacheMerchants()).isEqualTo(50_000);
        assertThat(tiny.warnings()).singleElement().asString().startsWith("catalogCacheMerchants=10 refused");
    }
}
