package org.nerava.exclusives.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.nerava.platform.ProblemException;

class InternalSecretTest {

    @Test
    void withoutAConfiguredSecretTheEndpointDoesNotExist() {
        for (String presented : new String[] {null, "", "anything"}) {
            ProblemException e = catchThrowableOfType(ProblemException.class, () -> InternalSecret.check("", presented));
            assertThat(e.problem().getStatus()).isEqualTo(404);
            assertThat(e.problem().getCode()).isEqualTo("not_found");
        }
    }

    @Test
    void aMissingOrWrongSecretIsForbiddenAndTheRightOnePasses() {
        for (String presented : new String[] {null, "", "s3cret ", "S3cret", "s3cre", "s3cret-and-more"}) {
            ProblemException e = catchThrowableOfType(ProblemException.class,
                    () -> InternalSecret.check("s3cret", presented));
            assertThat(e.problem().getStatus()).as(String.valueOf(presented)).isEqualTo(403);
            assertThat(e.problem().getCode()).isEqualTo("forbidden");
            assertThat(e.problem().getDetail()).doesNotContain("s3cret");
        }
        assertThatCode(() -> InternalSecret.check("s3cret", "s3cret")).doesNotThrowAnyException();
    }
}
