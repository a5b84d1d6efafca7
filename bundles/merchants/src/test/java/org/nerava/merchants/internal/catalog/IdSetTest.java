package org.nerava.merchants.internal.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdSetTest {

    @Test
    void anIdNamedTwiceIsFoundAmongAHundredThousand() {
        IdSet ids = new IdSet();
        for (int i = 0; i < 100_000; i++) {
            assertThat(ids.add("m_" + i)).isTrue();
        }
        assertThat(ids.add("m_4242")).isFalse();
        assertThat(ids.add("m_100000")).isTrue();
    }
}
