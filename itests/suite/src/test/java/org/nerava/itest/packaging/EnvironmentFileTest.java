package org.nerava.itest.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nerava.itest.harness.DistributionArchive;

/**
 * How the distribution's {@code bin/setenv} reads {@code etc/nerava.env} (docs/operations.md, "The environment file"):
 * values taken literally, the process environment winning, malformed lines reported, a file others can read warned
 * about; and the older backend's {@code OTP_PROVIDER} as an alias of {@code NERAVA_OTP_PROVIDER}.
 */
class EnvironmentFileTest {

    @TempDir
    static Path home;

    @BeforeAll
    static void extractSetenv() {
        DistributionArchive.extractSetenv(home);
    }

    record Sourced(List<String> values, String stderr) {
    }

    /** Sources setenv as bin/karaf would, with the file's text, and prints the named variables one a line. */
    private static Sourced source(String fileText, String mode, Map<String, String> env, String... names) throws Exception {
        Path file = home.resolve("nerava.env");
        Files.writeString(file, fileText);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        StringBuilder print = new StringBuilder(". bin/setenv");
        for (String name : names) {
            print.append("; printf '%s\\n' \"${").append(name).append("-<unset>}\"");
        }
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", print.toString()).directory(home.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("NERAVA_") || name.startsWith("KARAF_")
                || name.equals("OTP_PROVIDER"));
        builder.environment().put("KARAF_SCRIPT", "karaf");
        builder.environment().put("NERAVA_ENV_FILE", file.toString());
        builder.environment().putAll(env);
        Path stderr = home.resolve("stderr.txt");
        builder.redirectError(stderr.toFile());
        Process shell = builder.start();
        List<String> lines = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(shell.waitFor()).isZero();
        return new Sourced(lines, Files.readString(stderr));
    }

    @Test
    void valuesAreTakenLiterallyAndTheEnvironmentWins() throws Exception {
        Sourced sourced = source("""
                # a comment
                NERAVA_HTTP_PORT=9100
                NERAVA_INTERNAL_SECRET=a b$HOME"c'd\\e=f
                NERAVA_SSH_PORT=9101

                """, "rw-------", Map.of("NERAVA_SSH_PORT", "7000"),
                "NERAVA_HTTP_PORT", "NERAVA_INTERNAL_SECRET", "NERAVA_SSH_PORT");
        assertThat(sourced.values()).containsExactly("9100", "a b$HOME\"c'd\\e=f", "7000");
        assertThat(sourced.stderr()).isEmpty();
    }

    @Test
    void aLineThatIsNotNameEqualsValueIsReportedAndIgnored() throws Exception {
        Sourced sourced = source("export NERAVA_HTTP_PORT=1\nNERAVA_PROFILE=dev\n1BAD=x\n", "rw-------", Map.of(),
                "NERAVA_HTTP_PORT", "NERAVA_PROFILE");
        assertThat(sourced.values()).containsExactly("<unset>", "dev");
        assertThat(sourced.stderr()).contains("not NAME=value, ignored").doesNotContain("=1");
    }

    @Test
    void aFileOthersCanReadIsWarnedAbout() throws Exception {
        assertThat(source("NERAVA_PROFILE=dev\n", "rw-r--r--", Map.of(), "NERAVA_PROFILE").stderr())
                .contains("readable by other users", "chmod 600");
    }

    @Test
    void theOlderOtpProviderVariableIsAnAliasThatTheNewNameOverrides() throws Exception {
        assertThat(source("", "rw-------", Map.of("OTP_PROVIDER", "twilio_verify"), "NERAVA_OTP_PROVIDER").values())
                .containsExactly("twilio_verify");
        assertThat(source("", "rw-------", Map.of("OTP_PROVIDER", "twilio_verify", "NERAVA_OTP_PROVIDER", "twilio_sms"),
                "NERAVA_OTP_PROVIDER").values()).containsExactly("twilio_sms");
        assertThat(source("OTP_PROVIDER=twilio_verify\n", "rw-------", Map.of(), "NERAVA_OTP_PROVIDER").values())
                .containsExactly("twilio_verify");
    }
}
