package org.nerava.platform.internal.doctor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.nerava.platform.concurrent.DaemonThreads;
import org.nerava.platform.doctor.DoctorCheck;
import org.nerava.platform.doctor.Finding;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Runs every registered {@link DoctorCheck} at once, each on its own daemon thread with
 * {@value DoctorCheck#TIME_LIMIT_SECONDS} s: a check that throws or overruns is a FAIL under its name, so one stuck
 * check (a provider that never answers) neither hides the others nor holds the report.
 */
@Component(service = DoctorRunner.class)
public class DoctorRunner {

    private final ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.named("nerava-doctor"));

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<DoctorCheck> checks;

    @Deactivate
    void deactivate() {
        threads.shutdownNow();
    }

    /** Every check's findings, failures first, then by name. */
    public List<Finding> runAll() {
        return run(checks == null ? List.of() : List.copyOf(checks), threads, DoctorCheck.TIME_LIMIT_SECONDS);
    }

    static List<Finding> run(List<DoctorCheck> checks, ExecutorService threads, long limitSeconds) {
        List<CompletableFuture<List<Finding>>> running = checks.stream()
                .map(check -> CompletableFuture.supplyAsync(check::check, threads)).toList();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limitSeconds);
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            String name = checks.get(i).name();
            try {
                List<Finding> found = running.get(i).get(Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
                findings.addAll(found == null || found.isEmpty()
                        ? List.of(Finding.warn(name, "the check found nothing to report", "")) : found);
            } catch (TimeoutException e) {
                running.get(i).cancel(true);
                findings.add(Finding.fail(name, "no answer within " + limitSeconds + " s",
                        "see data/log/karaf.log for what it waits on"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                findings.add(Finding.fail(name, "interrupted", ""));
            } catch (Exception e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                findings.add(Finding.fail(name, "the check failed: " + cause, "see data/log/karaf.log"));
            }
        }
        findings.sort(Comparator.comparing((Finding f) -> -f.state().exitCode()).thenComparing(Finding::check));
        return findings;
    }
}
