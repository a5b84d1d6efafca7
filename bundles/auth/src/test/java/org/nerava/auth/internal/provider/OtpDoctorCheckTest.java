package org.nerava.auth.internal.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nerava.auth.internal.settings.AuthConfigs;
import org.nerava.auth.internal.settings.AuthSettings;
import org.nerava.platform.doctor.Finding;

class OtpDoctorCheckTest {

    @Test
    void signInCanSendWhenTheActiveProviderIsBoundAndHealthy() {
        Finding finding = OtpDoctorCheck.judgeChain(List.of("twilio_verify"), Map.of("twilio_verify", true));
        assertThat(finding.state()).isEqualTo(Finding.State.OK);
    }

    @Test
    void aBoundProviderThatDiagnosesUnhealthyCannotSendSoSignInWouldFail() {
        Finding finding = OtpDoctorCheck.judgeChain(List.of("twilio_verify"), Map.of("twilio_verify", false));
        assertThat(finding.state()).isEqualTo(Finding.State.FAIL);
        assertThat(finding.fix()).contains("NERAVA_OTP_PROVIDER");
    }

    @Test
    void noProviderBoundOrNoneConfiguredIsAFailureWithTheFix() {
        assertThat(OtpDoctorCheck.judgeChain(List.of("console"), Map.of()).state()).isEqualTo(Finding.State.FAIL);
        assertThat(OtpDoctorCheck.judgeChain(List.of(), Map.of()).detail()).contains("no OTP provider is configured");
    }

    @Test
    void onlyAFallbackAbleToSendIsAWarningNamingBoth() {
        Finding finding = OtpDoctorCheck.judgeChain(List.of("twilio_verify", "twilio_sms"),
                Map.of("twilio_verify", false, "twilio_sms", true));
        assertThat(finding.state()).isEqualTo(Finding.State.WARN);
        assertThat(finding.detail()).contains("twilio_verify").contains("twilio_sms");
    }

    @Test
    void codesSignedWithARandomKeyAreFineInDevAndAWarningElsewhere() {
        assertThat(keys(Map.of("profile", "dev")).state()).isEqualTo(Finding.State.OK);
        Finding prod = keys(Map.of("profile", "prod"));
        assertThat(prod.state()).isEqualTo(Finding.State.WARN);
        assertThat(prod.fix()).contains("NERAVA_OTP_HMAC_KEYS");
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        String key = "k1:" + java.util.Base64.getEncoder().encodeToString(random);
        assertThat(keys(Map.of("profile", "prod", "_codeHmacKeys", new String[] {key})).state())
                .isEqualTo(Finding.State.OK);
    }

    private static Finding keys(Map<String, Object> values) {
        List<Finding> findings = OtpDoctorCheck.judgeSettings(AuthSettings.from(AuthConfigs.with(values)));
        return findings.stream().filter(f -> f.check().equals("otp.keys")).findFirst().orElseThrow();
    }
}
