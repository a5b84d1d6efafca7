package org.nerava.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScrapeAccessTest {

    private static final String[] LOOPBACK = {"127.0.0.1/32", "::1/128"};

    @Test
    void defaultLetsOnlyLoopbackScrapeWithoutAToken() {
        ScrapeAccess access = ScrapeAccess.of(LOOPBACK, "");
        assertThat(access.check("127.0.0.1", null)).isEqualTo(ScrapeAccess.Verdict.ALLOWED);
        assertThat(access.check("0:0:0:0:0:0:0:1", null)).isEqualTo(ScrapeAccess.Verdict.ALLOWED);
        assertThat(access.check("[::1]", null)).isEqualTo(ScrapeAccess.Verdict.ALLOWED);
        assertThat(access.check("127.0.0.2", null)).isEqualTo(ScrapeAccess.Verdict.FORBIDDEN_NETWORK);
        assertThat(access.check("10.1.2.3", null)).isEqualTo(ScrapeAccess.Verdict.FORBIDDEN_NETWORK);
        assertThat(access.check(null, null)).isEqualTo(ScrapeAccess.Verdict.FORBIDDEN_NETWORK);
    }

    @Test
    void networksMatchByPrefixBitsIncludingPartialBytes() {
        ScrapeAccess access = ScrapeAccess.of(new String[] {"10.0.0.0/8, 192.168.4.0/22", "fd00::/8"}, null);
        assertThat(access.check("10.255.1.1", null)).isEqualTo(ScrapeAccess.Verdict.ALLOWED);
        assertThat(access.check("192.168.7.255", null)).isEqualTo(ScrapeAccess.Verdict.ALLOWED);
        assertThat(access.check("192.168.8.0", null)).isEqualTo(ScrapeAccess.Verdict.FORBIDDEN_NETWORK);
        assertThat(access.check("fd12:3456::1", null)).isEqualTo(ScrapeAccess.Verdict.ALLOWED);
        assertThat(access.check("fe80::1%eth0", null)).isEqualTo(ScrapeAccess.Verdict.FORBIDDEN_NETWORK);
        assertThat(access.check("11.0.0.1", null)).isEqualTo(ScrapeAccess.Verdict.FORBIDDEN_NETWORK);
    }

    @Test
    void aConfiguredTokenIsNeededOnTopOfAnAllowedNetwork() {
        ScrapeAccess access = ScrapeAccess.of(LOOPBACK, "s3cret-token");
        assertThat(access.check("127.0.0.1", "Bearer s3cret-token")).isEqualTo(ScrapeAccess.Verdict.ALLOWED);
        assertThat(access.check("127.0.0.1", "bearer s3cret-token")).isEqualTo(ScrapeAccess.Verdict.ALLOWED);
        assertThat(access.check("127.0.0.1", null)).isEqualTo(ScrapeAccess.Verdict.MISSING_OR_WRONG_TOKEN);
        assertThat(access.check("127.0.0.1", "Bearer wrong")).isEqualTo(ScrapeAccess.Verdict.MISSING_OR_WRONG_TOKEN);
        assertThat(access.check("127.0.0.1", "Basic czNjcmV0LXRva2Vu"))
                .isEqualTo(ScrapeAccess.Verdict.MISSING_OR_WRONG_TOKEN);
        // The network is checked first: a right token from elsewhere is still refused.
        assertThat(access.check("10.0.0.1", "Bearer s3cret-token")).isEqualTo(ScrapeAccess.Verdict.FORBIDDEN_NETWORK);
    }

    @Test
    void unparseableNetworksAreReportedAndNeverAllowAnything() {
        ScrapeAccess access = ScrapeAccess.of(new String[] {"example.org", "10.0.0.0/33", "127.0.0.1/x", ""}, null);
        assertThat(access.warnings()).hasSize(3);
        assertThat(access.check("127.0.0.1", null)).isEqualTo(ScrapeAccess.Verdict.FORBIDDEN_NETWORK);
        assertThat(access.check("example.org", null)).isEqualTo(ScrapeAccess.Verdict.FORBIDDEN_NETWORK);
    }

    @Test
    void cidrParsingRefusesHostNamesSoItNeverResolvesDns() {
        assertThatThrownBy(() -> Cidr.parse("localhost")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Cidr.parse("10.0.0.1").prefixBits()).isEqualTo(32);
        assertThat(Cidr.parse("::1").prefixBits()).isEqualTo(128);
    }
}
