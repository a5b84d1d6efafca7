package org.nerava.platform.doctor;

/**
 * Check mode: the distribution started by {@code bin/nerava-doctor} to look at an environment before a rollout. The
 * platform then migrates no schema and so registers no {@code MigratedSchema}: every component that writes to the
 * database (and every one that sends because of what it stored: the deployment follower, the catalog seeding) waits
 * for one and stays inactive. Features that could write or send without the database check {@link #on()} themselves.
 */
public final class CheckMode {

    /** System property that turns check mode on: {@code true}. */
    public static final String PROPERTY = "nerava.checkMode";

    /** System property naming the file the doctor writes its report to in check mode. */
    public static final String REPORT_PROPERTY = "nerava.doctor.report";

    private CheckMode() {
    }

    /** Whether this JVM runs in check mode. */
    public static boolean on() {
        return Boolean.parseBoolean(System.getProperty(PROPERTY));
    }
}
