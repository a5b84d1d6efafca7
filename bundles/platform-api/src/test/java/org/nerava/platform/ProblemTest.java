package org.nerava.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void typeIsDerivedFromTheStableCode() {
        Problem problem = Problem.of(400, "invalid_phone", "Bad request", "not a phone number");

        assertThat(problem.getType()).isEqualTo("urn:nerava:problem:invalid_phone");
        assertThat(problem.getRequestId()).isNull();
        assertThat(problem.withRequestId("r-1").getRequestId()).isEqualTo("r-1");
    }

    @Test
    void onlyErrorStatusesMakeAProblem() {
        assertThatThrownBy(() -> Problem.of(200, "ok", "OK", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Problem.of(600, "x", "X", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tooManyRequestsTellsWhenToRetryInWholeSecondsOfAtLeastOne() {
        assertThat(ProblemException.tooManyRequests("slow_down", "wait", 42).headers())
                .containsEntry("Retry-After", "42");
        assertThat(ProblemException.tooManyRequests("slow_down", "wait", 0).headers())
                .containsEntry("Retry-After", "1");
    }

    @Test
    void problemExceptionsCarryNoStackTrace() {
        assertThat(ProblemException.notFound("unknown_merchant", "m-1").getStackTrace()).isEmpty();
    }

    @Test
    void requireFieldRefusesMissingAndBlankValuesNamingTheField() {
        assertThat(ProblemException.requireField("+14155550123", "phone")).isEqualTo("+14155550123");
        assertThatThrownBy(() -> ProblemException.requireField(null, "phone"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().getStatus()).isEqualTo(400);
                    assertThat(e.problem().getCode()).isEqualTo("missing_field");
                    assertThat(e.problem().getDetail()).contains("'phone'");
                });
        assertThatThrownBy(() -> ProblemException.requireField("  ", "code")).isInstanceOf(ProblemException.class);
    }
}
