package org.nerava.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ConfigCheckTest {

    @interface Sample {
        int codeLength() default 6;

        long windowMillis() default 1000;

        boolean enabled() default true;

        String provider() default "console";

        String[] fallback() default {};

        String _secretKeys() default "";

        String mode() default "fast";
    }

    @Test
    void valuesAreCoercedAsDeclarativeServicesWouldAndMissingOnesAreTheDefaults() {
        Sample sample = ConfigCheck.of("org.nerava.sample", Sample.class,
                Map.of("codeLength", "8", "windowMillis", 250L, "enabled", "FALSE", "fallback", "twilio_sms",
                        ".secretKeys", "k1:abc")).values();
        assertThat(sample.codeLength()).isEqualTo(8);
        assertThat(sample.windowMillis()).isEqualTo(250L);
        assertThat(sample.enabled()).isFalse();
        assertThat(sample.provider()).isEqualTo("console");
        assertThat(sample.fallback()).containsExactly("twilio_sms");
        assertThat(sample._secretKeys()).isEqualTo("k1:abc");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedNamingPidKeyValueAndRangeAndReadsAsItsDefault() {
        ConfigCheck<Sample> checked = ConfigCheck.of("org.nerava.sample", Sample.class, Map.of("codeLength", "six"))
                .within("codeLength", 4, 10);
        assertThat(checked.problems()).extracting(ConfigProblem::describe)
                .containsExactly("org.nerava.sample: codeLength = 'six' refused: a whole number from 4 to 10");
        assertThat(checked.values().codeLength()).isEqualTo(6);
    }

    @Test
    void aValueOutOfItsRangeIsRefused() {
        ConfigCheck<Sample> checked = ConfigCheck.of("org.nerava.sample", Sample.class,
                Map.of("codeLength", 12, "windowMillis", "-1")).within("codeLength", 4, 10).atLeast("windowMillis", 0);
        assertThat(checked.problems()).extracting(ConfigProblem::key).containsExactly("codeLength", "windowMillis");
        assertThat(checked.problems().get(1).allowed()).isEqualTo("a whole number of at least 0");
        assertThat(checked.values().codeLength()).isEqualTo(6);
    }

    @Test
    void everyProblemOfAnUpdateIsReportedNotOnlyTheFirst() {
        ConfigCheck<Sample> checked = ConfigCheck.of("org.nerava.sample", Sample.class,
                Map.of("codeLength", "six", "enabled", "maybe", "mode", "slow")).within("codeLength", 4, 10)
                .oneOf("mode", Set.of("fast", "safe"));
        assertThat(checked.problems()).extracting(ConfigProblem::describe).containsExactlyInAnyOrder(
                "org.nerava.sample: codeLength = 'six' refused: a whole number from 4 to 10",
                "org.nerava.sample: enabled = 'maybe' refused: true or false",
                "org.nerava.sample: mode = 'slow' refused: one of fast, safe");
        assertThat(checked.values().enabled()).isTrue();
    }

    @Test
    void aRefusedUrlIsShownWithoutUserInfoAndQuery() {
        ConfigCheck<Sample> checked = ConfigCheck.of("org.nerava.sample", Sample.class,
                Map.of("provider", " https://user:pa55@gateway.example:8443/otp?token=t0p ",
                        "mode", "http://[bad@x?y=z", ".secretKeys", "https://k1:abc@example.org"))
                .refuseUrl("provider", "an https URL").refuseUrl("mode", "an https URL")
                .refuseUrl(".secretKeys", "an https URL");
        assertThat(checked.problems()).extracting(ConfigProblem::value)
                .containsExactly("https://****@gateway.example:8443/otp?****", "http://[bad****", "********");
        assertThat(checked.values().provider()).isEqualTo("console");
    }

    @Test
    void aRefusedUrlWithoutCredentialsIsShownAsGiven() {
        ConfigCheck<Sample> checked = ConfigCheck.of("org.nerava.sample", Sample.class,
                Map.of("provider", "ftp://gateway.example/otp")).refuseUrl("provider", "an https URL");
        assertThat(checked.problems().get(0).describe())
                .isEqualTo("org.nerava.sample: provider = 'ftp://gateway.example/otp' refused: an https URL");
    }

    @Test
    void aPrivatePropertysValueIsNeverShown() {
        ConfigCheck<Sample> checked = ConfigCheck.of("org.nerava.sample", Sample.class,
                Map.of(".secretKeys", List.of("a", "b"))).refuse(".secretKeys", "entries <id>:<base64>");
        assertThat(checked.problems().get(0).describe()).doesNotContain("a, b").contains("********");
    }

    @Test
    void aCheckOfAKeyTheAnnotationDoesNotHaveIsAProgrammingError() {
        assertThatThrownBy(() -> ConfigCheck.of("p", Sample.class, Map.of()).within("codeLenght", 1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("codeLenght");
    }

    @Test
    void namesFollowTheDeclarativeServicesMapping() {
        assertThat(ConfigCheck.propertyName("_codeHmacKeys")).isEqualTo(".codeHmacKeys");
        assertThat(ConfigCheck.propertyName("max__size")).isEqualTo("max_size");
        assertThat(ConfigCheck.propertyName("a$_$b")).isEqualTo("a-b");
        assertThat(ConfigCheck.propertyName("a$$b")).isEqualTo("a$b");
    }
}
