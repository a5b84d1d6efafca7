package org.nerava.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private static final Set<String> PROXIES = Set.of("10.0.0.2", "10.0.0.3");

    @Test
    void forwardedForIsBelievedOnlyFromATrustedProxy() {
        assertThat(ClientAddress.of("203.0.113.9", "198.51.100.1", PROXIES)).isEqualTo("203.0.113.9");
        assertThat(ClientAddress.of("10.0.0.2", "198.51.100.1", PROXIES)).isEqualTo("198.51.100.1");
        assertThat(ClientAddress.of("10.0.0.2", null, PROXIES)).isEqualTo("10.0.0.2");
    }

    @Test
    void theRightMostUntrustedHopIsTheClientNotWhatTheClientWroteFurtherLeft() {
        assertThat(ClientAddress.of("10.0.0.2", "1.2.3.4, 198.51.100.1, 10.0.0.3", PROXIES))
                .isEqualTo("198.51.100.1");
    }

    @Test
    void ipv6ClientsShareALimitPerSlash64() {
        assertThat(ClientAddress.limitKey("2001:db8:1:2::1")).isEqualTo(ClientAddress.limitKey("2001:db8:1:2:ff::9"))
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddress.limitKey("2001:db8:1:3::1")).isNotEqualTo(ClientAddress.limitKey("2001:db8:1:2::1"));
        assertThat(ClientAddress.limitKey("203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(ClientAddress.limitKey(null)).isEqualTo("unknown");
    }
}
