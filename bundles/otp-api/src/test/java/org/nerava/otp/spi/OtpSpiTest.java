package org.nerava.otp.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.nerava.otp.spi.OtpProviderException.Reason;

class OtpSpiTest {

    @Test
    void maskedPhonesKeepTheCountryPrefixAndTwoLastDigitsOnly() {
        assertThat(OtpProviders.maskPhone("+14155550123")).isEqualTo("+1********23");
        assertThat(OtpProviders.maskPhone("+4915112345678")).isEqualTo("+4**********78");
    }

    @Test
    void anythingThatIsNotAnE164NumberIsMaskedWhole() {
        assertThat(OtpProviders.maskPhone(null)).isEqualTo("***");
        assertThat(OtpProviders.maskPhone("+123")).isEqualTo("***");
        assertThat(OtpProviders.maskPhone("4155550123")).isEqualTo("***");
    }

    @Test
    void aCodeMessageNeverShowsItsCodeOrTheFullNumber() {
        CodeMessage message = new CodeMessage("+14155550123", "482913", Duration.ofMinutes(10), null, "r-1");

        assertThat(message.toString()).doesNotContain("482913").doesNotContain("4155550123");
        assertThat(message.locale()).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void onlyFaultsOfTheProviderCountAgainstIt() {
        assertThat(new OtpProviderException(Reason.TIMEOUT, "no answer").isProviderFault()).isTrue();
        assertThat(new OtpProviderException(Reason.UNAVAILABLE, "500").isProviderFault()).isTrue();
        assertThat(new OtpProviderException(Reason.MISCONFIGURED, "20003").isProviderFault()).isTrue();
        assertThat(new OtpProviderException(Reason.INVALID_PHONE, "60200").isProviderFault()).isFalse();
        assertThat(new OtpProviderException(Reason.RATE_LIMITED, "60203").isProviderFault()).isFalse();
        assertThat(new OtpProviderException(Reason.REFUSED, "60410").isProviderFault()).isFalse();
    }

    @Test
    void diagnosisDetailsAreCopied() {
        java.util.Map<String, Object> facts = new java.util.HashMap<>();
        facts.put("service", "VA1");
        Diagnosis diagnosis = new Diagnosis(true, "reachable", facts);
        facts.put("service", "changed");

        assertThat(diagnosis.details()).containsEntry("service", "VA1");
        assertThat(Diagnosis.unhealthy("down").healthy()).isFalse();
    }
}
