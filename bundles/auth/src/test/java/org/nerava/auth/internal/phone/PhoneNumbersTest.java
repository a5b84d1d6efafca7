package org.nerava.auth.internal.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nerava.platform.ProblemException;

class PhoneNumbersTest {

    private final PhoneNumbers us = new PhoneNumbers("US");

    @ParameterizedTest
    @ValueSource(strings = {"+14155550123", "+1 415 555 0123", "(415) 555-0123", "415.555.0123", " 4155550123 ",
            "1-415-555-0123"})
    void everyWayOfTypingOneNumberGivesTheSameE164(String typed) {
        assertThat(us.toE164(typed)).isEqualTo("+14155550123");
    }

    @Test
    void numbersWithACountryCodeIgnoreTheDefaultRegion() {
        assertThat(us.toE164("+44 20 7946 0958")).isEqualTo("+442079460958");
        assertThat(new PhoneNumbers("GB").toE164("020 7946 0958")).isEqualTo("+442079460958");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "abc", "1-800-FLOWERS", "1234567890123456789012345678901234567890",
            "+١٤١٥٥٥٥٠١٢٣", "４１５５５５０１２３", "+1 415 555 0123; DROP TABLE driver", "12", "+999 1234567",
            "+1 415\n555 0123", "++14155550123"})
    void garbageIsRefusedAsInvalidPhone(String typed) {
        assertThatThrownBy(() -> us.toE164(typed))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().getStatus()).isEqualTo(400);
                    assertThat(e.problem().getCode()).isEqualTo("invalid_phone");
                });
    }

    @Test
    void nullIsRefusedAsInvalidPhone() {
        assertThatThrownBy(() -> us.toE164(null)).isInstanceOf(ProblemException.class);
    }

    @Test
    void anUnknownDefaultRegionIsRefusedAtConfiguration() {
        assertThatThrownBy(() -> new PhoneNumbers("XX")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void maskKeepsOnlyTheLastFourDigits() {
        assertThat(PhoneNumbers.mask("+14155550123")).isEqualTo("***-***-0123");
    }
}
