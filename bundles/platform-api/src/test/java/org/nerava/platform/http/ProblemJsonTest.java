package org.nerava.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.nerava.platform.Problem;

class ProblemJsonTest {

    @Test
    void membersComeInRfcOrderAndAbsentOnesAreLeftOut() {
        String json = text(Problem.of(503, "starting", "Service unavailable", null).withRequestId("r-1"));

        assertThat(json).isEqualTo("{\"type\":\"urn:nerava:problem:starting\",\"title\":\"Service unavailable\","
                + "\"status\":503,\"code\":\"starting\",\"request_id\":\"r-1\"}");
    }

    @Test
    void quotesBackslashesAndControlCharactersAreEscaped() {
        String json = text(Problem.of(400, "bad", "Bad", "say \"hi\" \\ now\n\u0001\u2028"));

        assertThat(json).contains("\"detail\":\"say \\\"hi\\\" \\\\ now\\n\\u0001\\u2028\"");
    }

    @Test
    void requestIdsFromCallersAreKeptOnlyWhenSane() {
        assertThat(RequestIdHeader.accept("abc-123")).isEqualTo("abc-123");
        assertThat(RequestIdHeader.accept("<script>")).hasSize(36).isNotEqualTo("<script>");
        assertThat(RequestIdHeader.accept(null)).hasSize(36);
    }

    private static String text(Problem problem) {
        return new String(ProblemJson.bytes(problem), StandardCharsets.UTF_8);
    }
}
