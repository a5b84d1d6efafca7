package org.nerava.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditActorsTest {

    @Test
    void aShellUserIsNamedAfterTheSessionUserOrTheConsole() {
        assertThat(AuditActors.shell("ops")).isEqualTo("shell:ops");
        assertThat(AuditActors.shell(null)).isEqualTo("shell:console");
    }
}
