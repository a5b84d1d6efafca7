package org.nerava.itest.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nerava.itest.harness.Ports;

/**
 * The suite runs its classes in several JVMs at once (pom.xml, {@code itest.forks}); what keeps two of them from
 * choosing the same port for their servers is the fork's number, which Surefire passes on the command line. Without
 * it every fork would draw from the same slice of the range, and a rare "Address already in use" would come back.
 */
class SuiteForksTest {

    @Test
    void eachForkKnowsItsNumberAndDrawsItsPortsFromItsOwnSlice() {
        String fork = System.getProperty("nerava.itest.fork");
        assertThat(fork).as("nerava.itest.fork, set by Surefire's argLine").matches("[1-9][0-9]*");
        int lowest = 20_000 + (Integer.parseInt(fork) - 1) % 4 * 3_000;
        for (int i = 0; i < 50; i++) {
            assertThat(Ports.free()).isBetween(lowest, lowest + 2_999);
        }
    }
}
