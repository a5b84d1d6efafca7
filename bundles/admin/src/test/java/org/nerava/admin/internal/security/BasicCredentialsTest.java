package org.nerava.admin.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class BasicCredentialsTest {

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsUserAndPasswordAndThePasswordMayHoldColons() {
        BasicCredentials c = BasicCredentials.parse(basic("ops:pa:ss:wörd"));
        assertThat(c.kind()).isEqualTo(BasicCredentials.Kind.BASIC);
        assertThat(c.user()).isEqualTo("ops");
        assertThat(new String(c.password())).isEqualTo("pa:ss:wörd");
    }

    @Test
    void theSchemeIsCaseInsensitive() {
        assertThat(BasicCredentials.parse("basic " + basic("a:b").substring(6)).kind())
                .isEqualTo(BasicCredentials.Kind.BASIC);
    }

    @Test
    void noHeaderIsNone() {
        assertThat(BasicCredentials.parse(null).kind()).isEqualTo(BasicCredentials.Kind.NONE);
        assertThat(BasicCredentials.parse("  ").kind()).isEqualTo(BasicCredentials.Kind.NONE);
    }

    @Test
    void aDriversBearerTokenIsAnotherScheme() {
        BasicCredentials c = BasicCredentials.parse("Bearer nrv_abc");
        assertThat(c.kind()).isEqualTo(BasicCredentials.Kind.OTHER_SCHEME);
        assertThat(c.scheme()).isEqualTo("Bearer");
        assertThat(c.toString()).doesNotContain("nrv_abc");
    }

    @Test
    void garbageIsMalformed() {
        assertThat(BasicCredentials.parse("Basic").kind()).isEqualTo(BasicCredentials.Kind.MALFORMED);
        assertThat(BasicCredentials.parse("Basic !!!notbase64").kind()).isEqualTo(BasicCredentials.Kind.MALFORMED);
        assertThat(BasicCredentials.parse(basic("no-colon")).kind()).isEqualTo(BasicCredentials.Kind.MALFORMED);
        assertThat(BasicCredentials.parse(basic(":password-without-user")).kind())
                .isEqualTo(BasicCredentials.Kind.MALFORMED);
        String invalidUtf8 = "Basic " + Base64.getEncoder().encodeToString(new byte[] {'a', ':', (byte) 0xff});
        assertThat(BasicCredentials.parse(invalidUtf8).kind()).isEqualTo(BasicCredentials.Kind.MALFORMED);
    }

    @Test
    void thePasswordIsNeverPrintedAndIsWipedAfterUse() {
        BasicCredentials c = BasicCredentials.parse(basic("ops:s3cret-pass"));
        assertThat(c.toString()).contains("ops").doesNotContain("s3cret");
        c.wipe();
        assertThat(new String(c.password())).doesNotContain("s3cret");
    }

    @Test
    void callerTextIsOneShortPrintableLineInTheTrail() {
        assertThat(AdminAuthenticationFilter.printable("evil\nadmin:root\r")).isEqualTo("evil?admin:root?");
        assertThat(AdminAuthenticationFilter.printable("x".repeat(500))).hasSize(101);
    }
}
