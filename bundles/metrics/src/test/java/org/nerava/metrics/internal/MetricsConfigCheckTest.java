package org.nerava.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nerava.platform.config.ConfigProblem;

/** PID {@code org.nerava.metrics} checked as a whole: a refused update keeps the last good access. */
class MetricsConfigCheckTest {

    @Test
    void aNetworkThatDoesNotParseIsRefusedAndTheLastGoodAccessKeepsDeciding() {
        MetricsServlet servlet = new MetricsServlet(new MetricsRegistry(),
                Map.of("allowedNetworks", "10.0.0.0/8", ".token", "s3cret"));
        assertThat(servlet.refused()).isEmpty();

        servlet.modified(Map.of("allowedNetworks", "10.0.0.0/8,10.0.0.0/99", ".token", "s3cret"));

        assertThat(servlet.refused()).extracting(ConfigProblem::describe).containsExactly("org.nerava.metrics:"
                + " allowedNetworks = '10.0.0.0/8,10.0.0.0/99' refused: CIDR blocks (10.0.0.0/8, fd00::/8) or single"
                + " addresses, comma-separated");
        assertThat(servlet.serving()).startsWith("the last good values");

        servlet.modified(Map.of("allowedNetworks", "192.168.0.0/16"));
        assertThat(servlet.refused()).isEmpty();
    }

    @Test
    void aBadFileAtBootComesUpOnLoopbackOnly() {
        MetricsServlet servlet = new MetricsServlet(new MetricsRegistry(),
                Map.of("allowedNetworks", "everyone"));
        assertThat(servlet.refused()).extracting(ConfigProblem::key).containsExactly("allowedNetworks");
        assertThat(servlet.serving()).startsWith("the defaults of the refused keys");
    }
}
