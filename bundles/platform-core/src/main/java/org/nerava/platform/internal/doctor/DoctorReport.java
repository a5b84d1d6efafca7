package org.nerava.platform.internal.doctor;

import java.util.Comparator;
import java.util.List;

import org.nerava.platform.doctor.Finding;

/** The doctor's findings as the table an operator reads, and the exit code a script acts on. */
public record DoctorReport(List<Finding> findings) {

    private static final String[] HEADINGS = {"CHECK", "STATE", "DETAIL", "FIX"};

    /** Failures first, then warnings, then the rest; by check name within each. */
    public DoctorReport {
        findings = findings.stream().sorted(Comparator.comparing((Finding f) -> -f.state().exitCode())
                .thenComparing(Finding::check)).toList();
    }

    /** 0 when every finding is OK, 1 with a warning, 2 when a finding says boot or sign-in would fail. */
    public int exitCode() {
        return findings.stream().mapToInt(f -> f.state().exitCode()).max().orElse(0);
    }

    /** One line a finding, columns padded; the last line says the verdict. Cells are one line each. */
    public String table() {
        int[] widths = new int[3];
        for (int i = 0; i < 3; i++) {
            widths[i] = HEADINGS[i].length();
        }
        for (Finding f : findings) {
            widths[0] = Math.max(widths[0], oneLine(f.check()).length());
            widths[1] = Math.max(widths[1], f.state().name().length());
            widths[2] = Math.max(widths[2], Math.min(100, oneLine(f.detail()).length()));
        }
        StringBuilder text = new StringBuilder();
        row(text, widths, HEADINGS);
        for (Finding f : findings) {
            row(text, widths, new String[] {oneLine(f.check()), f.state().name(), oneLine(f.detail()),
                    oneLine(f.fix())});
        }
        text.append(switch (exitCode()) {
            case 0 -> "ready: every check passed";
            case 1 -> "ready with warnings";
            default -> "not ready: boot or sign-in would fail";
        }).append(" (exit ").append(exitCode()).append(")\n");
        return text.toString();
    }

    private static void row(StringBuilder text, int[] widths, String[] cells) {
        for (int i = 0; i < 3; i++) {
            text.append(cells[i]).append(" ".repeat(Math.max(1, widths[i] - cells[i].length() + 2)));
        }
        text.append(cells[3].isEmpty() ? "-" : cells[3]).append('\n');
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
