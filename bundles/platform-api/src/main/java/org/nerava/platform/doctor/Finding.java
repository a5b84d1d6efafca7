package org.nerava.platform.doctor;

import java.util.Objects;

/**
 * One line of the doctor's report.
 *
 * @param check a short, stable name, e.g. {@code database}, {@code otp}, {@code otp.twilio_verify}
 * @param state how it stands
 * @param detail one line for an operator; never a secret
 * @param fix what to do about it, or an empty string when nothing is to be done
 */
public record Finding(String check, State state, String detail, String fix) {

    /** How a finding stands; the doctor exits with the highest {@link #exitCode()} of its findings. */
    public enum State {
        /** Fine, or not configured on purpose. */
        OK(0),
        /** The node would serve, with something missing or degraded (a deployment token refused, analytics idle). */
        WARN(1),
        /** The node would not boot, or sign-in would fail. */
        FAIL(2);

        private final int exitCode;

        State(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    public Finding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(state, "state");
        detail = detail == null ? "" : detail;
        fix = fix == null ? "" : fix;
    }

    public static Finding ok(String check, String detail) {
        return new Finding(check, State.OK, detail, "");
    }

    public static Finding warn(String check, String detail, String fix) {
        return new Finding(check, State.WARN, detail, fix);
    }

    public static Finding fail(String check, String detail, String fix) {
        return new Finding(check, State.FAIL, detail, fix);
    }
}
