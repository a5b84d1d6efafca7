package org.nerava.auth.internal.pumping;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * Where a number is and which block of numbers it belongs to. SMS pumping sends codes to many numbers of one premium
 * range, usually abroad: the region answers "abroad", the leading digits answer "one range".
 */
public final class NumberRange {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private NumberRange() {
    }

    /**
     * @param e164 a number already checked by {@link org.nerava.auth.internal.phone.PhoneNumbers}
     * @return its ISO 3166 region, e.g. {@code LV} for {@code +37121234567}, or {@code ZZ} when none
     */
    public static String regionOf(String e164) {
        try {
            String region = UTIL.getRegionCodeForNumber(UTIL.parse(e164, "ZZ"));
            return region == null ? "ZZ" : region;
        } catch (NumberParseException e) {
            return "ZZ";
        }
    }

    /** The first {@code digits} digits of the number, country code included: {@code +1415555} for 7. */
    public static String prefixOf(String e164, int digits) {
        String number = e164.startsWith("+") ? e164.substring(1) : e164;
        return "+" + number.substring(0, Math.min(digits, number.length()));
    }
}
