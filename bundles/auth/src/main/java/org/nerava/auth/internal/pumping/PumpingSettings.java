package org.nerava.auth.internal.pumping;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.nerava.auth.internal.settings.AuthConfig;

import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * The SMS-pumping guard's part of {@link AuthConfig}, checked: where codes may be sent, the number-range velocity
 * limit and the daily budget. Like the rest of the sign-in settings, a bad value is reported in {@link #warnings()}
 * and replaced by its safe default, never stopping sign-in.
 *
 * @param allowedRegions ISO 3166 regions codes may go to; empty means every region ({@code *})
 * @param prefixDigits leading E.164 digits that make one number range
 */
public record PumpingSettings(Set<String> allowedRegions, int prefixDigits, int sendsPerPrefixPerHour,
        int sendsPerDay, List<String> warnings) {

    /** Share of the daily budget at which operators are warned. */
    public static final double BUDGET_ALERT_SHARE = 0.8;
    static final String EVERY_REGION = "*";

    /** The defaults of {@link AuthConfig}: codes to the deployment's own region only. */
    public static PumpingSettings defaults(String defaultRegion) {
        return new PumpingSettings(Set.of(defaultRegion), 7, 20, 10000, List.of());
    }

    public static PumpingSettings from(AuthConfig config, String defaultRegion) {
        List<String> warnings = new ArrayList<>();
        Set<String> regions = regionsOf(config.allowedCountries(), defaultRegion, warnings);
        int digits = config.prefixDigits();
        if (digits < 4 || digits > 12) {
            warnings.add("prefixDigits=" + digits + " refused: 4 to 12 digits; using 7");
            digits = 7;
        }
        int perPrefix = config.sendsPerPrefixPerHour();
        if (perPrefix < 1) {
            warnings.add("sendsPerPrefixPerHour=" + perPrefix + " refused: at least 1; using 20");
            perPrefix = 20;
        }
        int perDay = config.sendsPerDay();
        if (perDay < 1) {
            warnings.add("sendsPerDay=" + perDay + " refused: at least 1; using 10000");
            perDay = 10000;
        }
        return new PumpingSettings(regions, digits, perPrefix, perDay, List.copyOf(warnings));
    }

    /** Whether a code may be sent to a number of this region (ISO 3166, {@code ZZ} when unknown). */
    public boolean allows(String region) {
        return allowedRegions.isEmpty() || allowedRegions.contains(region);
    }

    /** Sends that make the day's budget alert: 80% of {@link #sendsPerDay()}, rounded up. */
    public long budgetAlertAt() {
        return (long) Math.ceil(sendsPerDay * BUDGET_ALERT_SHARE);
    }

    private static Set<String> regionsOf(String[] entries, String defaultRegion, List<String> warnings) {
        Set<String> supported = PhoneNumberUtil.getInstance().getSupportedRegions();
        Set<String> regions = new LinkedHashSet<>();
        for (String entry : entries) {
            for (String part : entry.split(",")) {
                String region = part.strip().toUpperCase(Locale.ROOT);
                if (region.isEmpty()) {
                    continue;
                }
                if (region.equals(EVERY_REGION)) {
                    return Set.of();
                }
                if (supported.contains(region)) {
                    regions.add(region);
                } else {
                    warnings.add("allowedCountries entry '" + part.strip() + "' is not a known region; ignored");
                }
            }
        }
        if (regions.isEmpty()) {
            // Nothing usable configured: the deployment's own region, never every region by accident.
            regions.add(defaultRegion);
        }
        return Set.copyOf(regions);
    }
}
