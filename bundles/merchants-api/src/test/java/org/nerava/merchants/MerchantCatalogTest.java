package org.nerava.merchants;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MerchantCatalogTest {

    @Test
    void merchantIdsAreOneToSixtyFourLettersDigitsUnderscoresAndHyphens() {
        assertThat(MerchantCatalog.isWellFormedId("m_tidewater_coffee")).isTrue();
        assertThat(MerchantCatalog.isWellFormedId("3f2b-AA_9")).isTrue();
        assertThat(MerchantCatalog.isWellFormedId("x".repeat(64))).isTrue();
        for (String id : new String[] {null, "", " ", "x".repeat(65), "m tidewater", "../m", "m/1", "m.1",
                "m_caf\u00e9", "m_\u0663", "m\n"}) {
            assertThat(MerchantCatalog.isWellFormedId(id)).as(String.valueOf(id)).isFalse();
        }
    }
}
