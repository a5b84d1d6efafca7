package org.nerava.merchants.internal.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CellAdmissionTest {

    @Test
    void everyCellGoesInWhileTheCacheHasRoom() {
        CellAdmission admission = new CellAdmission(1_000);
        for (long cell = 0; cell < 10_000; cell++) {
            assertThat(admission.admit(cell, true)).isTrue();
        }
    }

    @Test
    void aFullCacheTakesACellOnlyOnItsSecondRead() {
        CellAdmission admission = new CellAdmission(1_000);
        assertThat(admission.admit(1_234_567, false)).as("first read").isFalse();
        assertThat(admission.admit(1_234_567, false)).as("second read").isTrue();
        assertThat(admission.admit(1_234_567, false)).as("taken in: it starts over").isFalse();
    }

    @Test
    void cellsReadOnceAreMostlyKeptOutAndItsMemoryIsFixed() {
        CellAdmission admission = new CellAdmission(50_000);
        assertThat(admission.slots()).isEqualTo(8_192);
        int admitted = 0;
        for (long cell = 0; cell < 1_000_000; cell++) {
            if (admission.admit(cell * 7 + 1_000_000, false)) {
                admitted++;
            }
        }
        assertThat(admitted).isZero();
        // Neighbouring cells of one search (consecutive numbers) take different slots: each is let in on a second read.
        for (long cell = 2_000_000; cell < 2_000_010; cell++) {
            admission.admit(cell, false);
        }
        for (long cell = 2_000_000; cell < 2_000_010; cell++) {
            assertThat(admission.admit(cell, false)).as("cell %d", cell).isTrue();
        }
    }
}
