package org.nerava.platform.internal.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.nerava.platform.doctor.DoctorCheck;
import org.nerava.platform.doctor.Finding;

class DoctorReportTest {

    @Test
    void theExitCodeIsTheWorstFinding() {
        assertThat(new DoctorReport(List.of(Finding.ok("a", "fine"))).exitCode()).isZero();
        assertThat(new DoctorReport(List.of(Finding.ok("a", ""), Finding.warn("b", "meh", "x"))).exitCode()).isEqualTo(1);
        assertThat(new DoctorReport(List.of(Finding.warn("b", "", ""), Finding.fail("c", "no", "y"))).exitCode())
                .isEqualTo(2);
        assertThat(new DoctorReport(List.of()).exitCode()).isZero();
    }

    @Test
    void theTableHasOneLineAFindingWithItsFixAndTheVerdict() {
        String table = new DoctorReport(List.of(Finding.fail("otp", "no provider\ncan send", "set NERAVA_OTP_PROVIDER"),
                Finding.ok("database", "H2"))).table();
        assertThat(table.lines()).hasSize(4);
        assertThat(table.lines().findFirst().orElseThrow()).startsWith("CHECK").contains("STATE", "DETAIL", "FIX");
        assertThat(table).contains("otp       FAIL   no provider can send  set NERAVA_OTP_PROVIDER")
                .contains("database  OK     H2                    -")
                .endsWith("not ready: boot or sign-in would fail (exit 2)\n");
    }

    @Test
    void aCheckThatThrowsOrOverrunsIsAFailUnderItsNameAndTheOthersStillReport() {
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            List<Finding> findings = DoctorRunner.run(List.of(
                    check("slow", () -> {
                        sleep(5_000);
                        return List.of(Finding.ok("slow", ""));
                    }),
                    check("broken", () -> {
                        throw new IllegalStateException("boom");
                    }),
                    check("fine", () -> List.of(Finding.ok("fine", "yes")))), threads, 1);
            assertThat(findings).extracting(Finding::check).containsExactly("broken", "slow", "fine");
            assertThat(findings.get(0).detail()).contains("boom");
            assertThat(findings.get(1).detail()).isEqualTo("no answer within 1 s");
            assertThat(findings.get(2).state()).isEqualTo(Finding.State.OK);
        } finally {
            threads.shutdownNow();
        }
    }

    private static DoctorCheck check(String name, java.util.function.Supplier<List<Finding>> body) {
        return new DoctorCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Finding> check() {
                return body.get();
            }
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
