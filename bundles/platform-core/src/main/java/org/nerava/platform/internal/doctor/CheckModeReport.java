package org.nerava.platform.internal.doctor;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.karaf.features.BootFinished;
import org.nerava.platform.concurrent.DaemonThreads;
import org.nerava.platform.doctor.CheckMode;
import org.nerava.platform.doctor.Finding;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In {@link CheckMode check mode} ({@code bin/nerava-doctor}): once the boot has settled, runs every check and writes
 * the report to the file named by {@value CheckMode#REPORT_PROPERTY}, then the exit code to the same name with
 * {@code .code} appended (the script waits for that one). Settled means Karaf installed the boot features and no
 * Nerava bundle or component changed state for {@value #QUIET_MILLIS} ms (providers activate in the background after
 * the boot); the report is written once the JVM has run {@value #LIMIT_SECONDS} s at the latest, settled or not (with a
 * {@code boot} warning), so the whole run fits in a minute. Outside check mode it does nothing.
 */
@Component(immediate = true)
public class CheckModeReport {

    /** System property naming the file of {@code bin/nerava-doctor}'s own findings (the deployment's ports). */
    static final String FINDINGS_PROPERTY = "nerava.doctor.findings";
    static final long QUIET_MILLIS = 1500;
    /**
     * Of the JVM's uptime, unless {@value #LIMIT_PROPERTY} says otherwise: bin/nerava-doctor waits 55 s by default,
     * from before the JVM starts, and passes its own wait less 10 s.
     */
    static final long LIMIT_SECONDS = 45;
    static final String LIMIT_PROPERTY = "nerava.doctor.limitSeconds";
    private static final long POLL_MILLIS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(CheckModeReport.class);

    private final BundleContext context;
    private final DoctorRunner runner;
    private final ServiceComponentRuntime scr;
    private ScheduledExecutorService worker;
    private String lastState = "";
    private long quietSince = System.nanoTime();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BootFinished bootFinished;

    @Activate
    public CheckModeReport(BundleContext context, @Reference DoctorRunner runner,
            @Reference ServiceComponentRuntime scr) {
        this.context = context;
        this.runner = runner;
        this.scr = scr;
    }

    @Activate
    void activate() {
        String report = System.getProperty(CheckMode.REPORT_PROPERTY, "");
        if (!CheckMode.on() || report.isBlank()) {
            return;
        }
        LOG.info("Check mode: no schema is migrated; the doctor's report goes to {}", report);
        worker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("nerava-doctor-report"));
        worker.scheduleWithFixedDelay(() -> reportWhenSettled(Paths.get(report)), POLL_MILLIS, POLL_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    private void reportWhenSettled(Path report) {
        String now = stateOfNeravaBundlesAndComponents();
        long time = System.nanoTime();
        if (!now.equals(lastState) || bootFinished == null) {
            lastState = now;
            quietSince = time;
        }
        boolean settled = bootFinished != null && time - quietSince >= TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS);
        boolean overdue = ManagementFactory.getRuntimeMXBean().getUptime() >= TimeUnit.SECONDS.toMillis(limitSeconds());
        if (!settled && !overdue) {
            return;
        }
        worker.shutdown();
        List<Finding> findings = new java.util.ArrayList<>(runner.runAll());
        findings.addAll(0, scriptFindings(System.getProperty(FINDINGS_PROPERTY, "")));
        if (!settled) {
            findings.add(0, Finding.warn("boot", "the boot had not settled after " + limitSeconds() + " s ("
                    + (bootFinished == null ? "boot features still installing" : "components still changing")
                    + "); the findings are those of that moment", "a slow machine: give it longer, e.g."
                    + " NERAVA_DOCTOR_TIMEOUT=120"));
        }
        DoctorReport doctor = new DoctorReport(findings);
        try {
            write(report, doctor.table());
            write(Paths.get(report + ".code"), Integer.toString(doctor.exitCode()));
            LOG.info("Check mode: report written, exit code {}", doctor.exitCode());
        } catch (IOException e) {
            LOG.error("Check mode: cannot write the report to {}", report, e);
        }
    }

    private static long limitSeconds() {
        try {
            return Math.max(5, Long.parseLong(System.getProperty(LIMIT_PROPERTY, Long.toString(LIMIT_SECONDS))));
        } catch (NumberFormatException e) {
            return LIMIT_SECONDS;
        }
    }

    /** What {@code bin/nerava-doctor} found before the JVM started (ports): {@code check|state|detail|fix} lines. */
    static List<Finding> scriptFindings(String file) {
        if (file.isBlank()) {
            return List.of();
        }
        try {
            return Files.readAllLines(Paths.get(file), StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank())
                    .map(line -> line.split("\\|", 4))
                    .map(cells -> cells.length < 4 || !List.of("OK", "WARN", "FAIL").contains(cells[1])
                            ? Finding.warn("doctor", "unreadable finding of bin/nerava-doctor: " + String.join("|", cells), "")
                            : new Finding(cells[0], Finding.State.valueOf(cells[1]), cells[2], cells[3]))
                    .toList();
        } catch (IOException e) {
            return List.of(Finding.warn("doctor", "cannot read the findings of bin/nerava-doctor: " + e, ""));
        }
    }

    private static void write(Path file, String text) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(partial, text, StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private String stateOfNeravaBundlesAndComponents() {
        Bundle[] ours = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith("org.nerava."))
                .toArray(Bundle[]::new);
        StringBuilder state = new StringBuilder();
        for (Bundle bundle : ours) {
            state.append(bundle.getBundleId()).append(':').append(bundle.getState()).append(' ');
        }
        scr.getComponentDescriptionDTOs(ours).forEach(d -> {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                state.append(d.name).append(':').append(c.state).append(' ');
            }
        });
        return state.toString();
    }
}
