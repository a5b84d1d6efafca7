package org.nerava.platform.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nerava.platform.ProblemException;

class PagingTest {

    @Test
    void defaultsToTheFirstTwenty() {
        assertThat(Paging.of(null, null, null, null, 100)).isEqualTo(new Paging(0, 20));
    }

    @Test
    void pageAndSizeBecomeOffsetAndLimit() {
        assertThat(Paging.of("3", "10", null, null, 100)).isEqualTo(new Paging(20, 10));
        assertThat(Paging.of("2", null, null, null, 100)).isEqualTo(new Paging(20, 20));
    }

    @Test
    void limitAndOffsetAreTakenAsTheyAre() {
        assertThat(Paging.of(null, null, "5", "15", 100)).isEqualTo(new Paging(15, 5));
    }

    @Test
    void outOfBoundsOrNonNumbersAre400NamingTheParameter() {
        assertBad(() -> Paging.of(null, null, "101", null, 100), "limit");
        assertBad(() -> Paging.of(null, null, "0", null, 100), "limit");
        assertBad(() -> Paging.of(null, null, null, "-1", 100), "offset");
        assertBad(() -> Paging.of("0", null, null, null, 100), "page");
        assertBad(() -> Paging.of("x", null, null, null, 100), "page");
        assertBad(() -> Paging.of(null, "1e3", null, null, 100), "size");
        assertBad(() -> Paging.of(null, null, null, "99999999999", 100), "offset");
    }

    @Test
    void mixingTheTwoStylesIsRefused() {
        assertBad(() -> Paging.of("1", null, "10", null, 100), "not both");
    }

    private static void assertBad(Runnable call, String mentioned) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().getStatus()).isEqualTo(400);
            assertThat(e.problem().getCode()).isEqualTo("invalid_field");
            assertThat(e.problem().getDetail()).contains(mentioned);
        });
    }
}
