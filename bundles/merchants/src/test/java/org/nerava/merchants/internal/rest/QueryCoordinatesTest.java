package org.nerava.merchants.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nerava.platform.ProblemException;

class QueryCoordinatesTest {

    @Test
    void plainDecimalsInRangeAreRead() {
        assertThat(QueryCoordinates.required("37.7793", "lat", -90, 90, "invalid_coordinates")).isEqualTo(37.7793);
        assertThat(QueryCoordinates.required(" -122.5 ", "lng", -180, 180, "invalid_coordinates")).isEqualTo(-122.5);
        assertThat(QueryCoordinates.required("+90", "lat", -90, 90, "invalid_coordinates")).isEqualTo(90);
        assertThat(QueryCoordinates.required(".5", "lat", -90, 90, "invalid_coordinates")).isEqualTo(0.5);
        assertThat(QueryCoordinates.optional(null, "radius_m", 0, 50_000, 5_000, "invalid_radius")).isEqualTo(5_000);
        assertThat(QueryCoordinates.optional("", "radius_m", 0, 50_000, 5_000, "invalid_radius")).isEqualTo(5_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "NaN", "Infinity", "-Infinity", "1e3", "0x1p3", "1d", "12f", "1,5", "--1",
            "1.2.3", "37.7793;DROP", "\u0663\u0667"})
    void anythingButAPlainDecimalIsRefusedWithTheGivenCode(String value) {
        ProblemException e = catchThrowableOfType(ProblemException.class,
                () -> QueryCoordinates.required(value, "lat", -90, 90, "invalid_coordinates"));
        assertThat(e.problem().getStatus()).isEqualTo(400);
        assertThat(e.problem().getCode()).isEqualTo("invalid_coordinates");
        assertThat(e.problem().getDetail()).contains("'lat' must be a decimal number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"90.0001", "-90.5", "1000", "180"})
    void valuesOutsideTheRangeAreRefused(String value) {
        ProblemException e = catchThrowableOfType(ProblemException.class,
                () -> QueryCoordinates.required(value, "lat", -90, 90, "invalid_coordinates"));
        assertThat(e.problem().getDetail()).contains("must be within -90..90");
    }

    @Test
    void aMissingRequiredParameterIsNamed() {
        ProblemException e = catchThrowableOfType(ProblemException.class,
                () -> QueryCoordinates.required(null, "lng", -180, 180, "invalid_coordinates"));
        assertThat(e.problem().getCode()).isEqualTo("missing_parameter");
        assertThat(e.problem().getDetail()).contains("'lng'");
    }

    @Test
    void wholeNumbersAreReadInTheirRangeAndAnythingElseIsRefusedWithTheGivenCode() {
        assertThat(QueryCoordinates.wholeNumber(null, "offset", 0, 10_000, 0, "invalid_offset")).isZero();
        assertThat(QueryCoordinates.wholeNumber(" 200 ", "offset", 0, 10_000, 0, "invalid_offset")).isEqualTo(200);
        assertThat(QueryCoordinates.wholeNumber("10000", "offset", 0, 10_000, 0, "invalid_offset")).isEqualTo(10_000);
        for (String bad : new String[] {"-1", "10001", "2.5", "1e3", "+5", "999999", "\u0663", "ten"}) {
            ProblemException e = catchThrowableOfType(ProblemException.class,
                    () -> QueryCoordinates.wholeNumber(bad, "offset", 0, 10_000, 0, "invalid_offset"));
            assertThat(e.problem().getStatus()).as(bad).isEqualTo(400);
            assertThat(e.problem().getCode()).isEqualTo("invalid_offset");
            assertThat(e.problem().getDetail()).isEqualTo("'offset' must be a whole number from 0 to 10000");
        }
    }
}
