package org.nerava.platform.config;

import java.util.Arrays;
import java.util.Objects;

/**
 * One configuration value refused.
 *
 * @param pid the configuration PID, e.g. {@code org.nerava.auth}
 * @param key the property as written in {@code etc/<pid>.cfg}
 * @param value the value as given (a password's value is never kept: {@code ********})
 * @param allowed what the key takes, e.g. "a whole number from 4 to 10"
 */
public record ConfigProblem(String pid, String key, String value, String allowed) {

    public ConfigProblem {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(allowed, "allowed");
    }

    /** The one line an operator reads in the log, the audit trail and {@code /readyz}. */
    public String describe() {
        return pid + ": " + key + " = '" + value + "' refused: " + allowed;
    }

    /** A value as an operator wrote it; arrays as their elements. */
    static String shown(Object value) {
        if (value instanceof Object[] array) {
            return Arrays.toString(array);
        }
        return String.valueOf(value);
    }
}
