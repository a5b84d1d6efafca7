package org.nerava.merchants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GreatCircleTest {

    @Test
    void aPointIsNoDistanceFromItself() {
        assertThat(GreatCircle.distanceMeters(37.7749, -122.4194, 37.7749, -122.4194)).isZero();
    }

    @Test
    void aThousandthOfADegreeOfLatitudeIsAbout111Metres() {
        assertThat(GreatCircle.distanceMeters(37.0, -122.0, 37.001, -122.0)).isCloseTo(111.2, within(0.1));
    }

    @Test
    void longitudeShrinksWithTheCosineOfLatitude() {
        double atEquator = GreatCircle.distanceMeters(0, 0, 0, 0.001);
        double at60 = GreatCircle.distanceMeters(60, 0, 60, 0.001);
        assertThat(at60 / atEquator).isCloseTo(0.5, within(0.001));
    }

    @Test
    void sanFranciscoToLosAngelesIsAbout559Kilometres() {
        assertThat(GreatCircle.distanceMeters(37.7749, -122.4194, 34.0522, -118.2437) / 1000)
                .isCloseTo(559.1, within(1.0));
    }

    @Test
    void antipodesAreHalfTheCircumferenceApartAndTheDateLineIsNoWall() {
        assertThat(GreatCircle.distanceMeters(0, 0, 0, 180)).isCloseTo(Math.PI * GreatCircle.EARTH_RADIUS_METERS,
                within(1.0));
        assertThat(GreatCircle.distanceMeters(0, 179.9995, 0, -179.9995)).isCloseTo(111.2, within(0.1));
        assertThat(GreatCircle.distanceMeters(90, 0, 90, 123)).isCloseTo(0, within(0.001));
    }
}
