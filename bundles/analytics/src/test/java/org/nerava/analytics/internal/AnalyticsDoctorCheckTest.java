package org.nerava.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nerava.platform.doctor.Finding;

class AnalyticsDoctorCheckTest {

    private static final String KEY = "phc_0123456789abcdefghijKLMNOP";

    @Test
    void neitherKeyNorHostIsAnalyticsOffOnPurpose() {
        assertThat(judge("", "").state()).isEqualTo(Finding.State.OK);
    }

    @Test
    void aProjectKeyAndAnHttpsHostAreFine() {
        Finding finding = judge(KEY, "https://eu.posthog.example/");
        assertThat(finding.state()).isEqualTo(Finding.State.OK);
        assertThat(finding.detail()).contains("https://eu.posthog.example").doesNotContain(KEY);
    }

    @Test
    void aMalformedOrPersonalKeyOrAMissingOrPlainHttpHostIsAWarningThatSaysWhat() {
        assertThat(judge("phx_0123456789abcdefghijKLMNOP", "https://ph.example").detail()).contains("personal");
        assertThat(judge("my-key", "https://ph.example").detail()).contains("project API key");
        assertThat(judge(KEY, "").fix()).contains("POSTHOG_HOST");
        assertThat(judge(KEY, "ftp://ph.example").detail()).contains("not an http(s) URL");
        assertThat(judge(KEY, "http://ph.example").detail()).contains("plain http");
        assertThat(judge("", "https://ph.example").fix()).contains("POSTHOG_API_KEY");
        assertThat(judge(KEY, "http://127.0.0.1:9999").state()).isEqualTo(Finding.State.OK);
        for (String[] bad : new String[][] {{"phx_0123456789abcdefghijKLMNOP", "https://ph.example"},
                {"my-key", "https://ph.example"}, {KEY, ""}, {KEY, "http://ph.example"}}) {
            assertThat(judge(bad[0], bad[1]).state()).isEqualTo(Finding.State.WARN);
        }
    }

    private static Finding judge(String key, String host) {
        Map<String, Object> values = Map.of("apiKey", key, "host", host);
        return new AnalyticsDoctorCheck(values).check().get(0);
    }
}
