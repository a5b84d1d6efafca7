package org.nerava.exclusives.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ExclusivesConfig} checked and turned into working values. A bad value never stops the feature: it is
 * reported in {@link #warnings()} (which the bundle logs) and replaced by its default.
 */
public record ExclusivesSettings(int activationRadiusMeters, Duration sessionLength, String internalSecret,
        List<String> warnings) {

    public static ExclusivesSettings from(ExclusivesConfig config) {
        List<String> warnings = new ArrayList<>();
        int radius = config.activationRadiusMeters();
        if (radius < 1 || radius > 5000) {
            warnings.add("activationRadiusMeters=" + radius + " refused: 1 to 5000 metres; using 150");
            radius = 150;
        }
        int minutes = config.sessionMinutes();
        if (minutes < 1 || minutes > 1440) {
            warnings.add("sessionMinutes=" + minutes + " refused: 1 to 1440 minutes; using 60");
            minutes = 60;
        }
        return new ExclusivesSettings(radius, Duration.ofMinutes(minutes), blankToEmpty(config.internalSecret()),
                List.copyOf(warnings));
    }

    private static String blankToEmpty(String value) {
        return value == null ? "" : value.strip();
    }

    @Override
    public String toString() {
        // Never print the secret.
        return "ExclusivesSettings[activationRadiusMeters=" + activationRadiusMeters + ", sessionLength="
                + sessionLength + ", internalSecret=" + (internalSecret.isEmpty() ? "(none)" : "(set)") + "]";
    }
}
