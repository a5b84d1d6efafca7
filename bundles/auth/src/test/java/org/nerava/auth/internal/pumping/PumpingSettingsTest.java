package org.nerava.auth.internal.pumping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nerava.auth.internal.settings.AuthConfigs;

class PumpingSettingsTest {

    private static PumpingSettings of(Map<String, Object> properties) {
        return PumpingSettings.from(AuthConfigs.with(properties), "US");
    }

    @Test
    void byDefaultCodesGoOnlyToTheDeploymentsRegion() {
        PumpingSettings s = of(Map.of());
        assertThat(s.allowedRegions()).containsExactly("US");
        assertThat(s.allows("US")).isTrue();
        assertThat(s.allows("CA")).isFalse();
        assertThat(s.prefixDigits()).isEqualTo(7);
        assertThat(s.sendsPerPrefixPerHour()).isEqualTo(20);
        assertThat(s.sendsPerDay()).isEqualTo(10000);
        assertThat(s.budgetAlertAt()).isEqualTo(8000);
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void listedRegionsAreReadCaseAndCommaTolerantlyAndUnknownOnesAreReported() {
        PumpingSettings s = of(Map.of("allowedCountries", new String[] {"us, ca", "xx"}));
        assertThat(s.allowedRegions()).containsExactlyInAnyOrder("US", "CA");
        assertThat(s.warnings()).singleElement().asString().contains("'xx'");
    }

    @Test
    void onlyUnknownRegionsFallBackToTheDeploymentsNeverToEvery() {
        PumpingSettings s = of(Map.of("allowedCountries", new String[] {"Narnia"}));
        assertThat(s.allowedRegions()).containsExactly("US");
    }

    @Test
    void aStarAllowsEveryRegion() {
        PumpingSettings s = of(Map.of("allowedCountries", new String[] {"*"}));
        assertThat(s.allows("LV")).isTrue();
        assertThat(s.allows("ZZ")).isTrue();
    }

    @Test
    void outOfRangeNumbersAreReplacedByDefaults() {
        PumpingSettings s = of(Map.of("prefixDigits", 2, "sendsPerPrefixPerHour", 0, "sendsPerDay", -1));
        assertThat(s.prefixDigits()).isEqualTo(7);
        assertThat(s.sendsPerPrefixPerHour()).isEqualTo(20);
        assertThat(s.sendsPerDay()).isEqualTo(10000);
        assertThat(s.warnings()).hasSize(3);
    }

    @Test
    void aNumbersRegionAndRangeComeFromItsDigits() {
        assertThat(NumberRange.regionOf("+37121234567")).isEqualTo("LV");
        assertThat(NumberRange.regionOf("+14155550123")).isEqualTo("US");
        // The region is the number's, not its country code's: +44 7911 is Guernsey, +1 876 Jamaica.
        assertThat(NumberRange.regionOf("+447911123456")).isEqualTo("GG");
        assertThat(NumberRange.regionOf("+18762101234")).isEqualTo("JM");
        assertThat(NumberRange.prefixOf("+14155550123", 7)).isEqualTo("+1415555");
        assertThat(NumberRange.prefixOf("+37121234567", 6)).isEqualTo("+371212");
    }
}
